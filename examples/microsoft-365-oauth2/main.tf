# The walkthrough's smart host, as most IIS relays use it today: Microsoft 365 (Exchange Online), authenticated with
# OAuth2 (client-credentials grant, AUTH XOAUTH2) instead of Basic AUTH, which Exchange Online turns off for SMTP AUTH.
# Values come from the Entra ID app registration (see the README, "Microsoft 365 with OAuth2"):
#   TF_VAR_tenant_id=<directory (tenant) id>  TF_VAR_client_id=<application (client) id>  TF_VAR_client_secret=<secret value>
terraform {
  required_version = ">= 1.11" # write-only attributes, ephemeral variables
  required_providers {
    smtp = { source = "relayform/smtp" }
  }
}

provider "smtp" {}

variable "tenant_id" {
  type    = string
  default = "00000000-0000-0000-0000-000000000000"
}

variable "client_id" {
  type    = string
  default = "11111111-1111-1111-1111-111111111111"
}

variable "client_secret" {
  type      = string
  ephemeral = true
  sensitive = true
  default   = null
}

resource "smtp_virtual_server" "apps" {
  name          = "apps-to-m365"
  port          = 2526
  local_domains = []

  delivery = {
    smart_host      = "smtp.office365.com"
    smart_host_port = 587
    outbound_security = {
      authentication           = "oauth2"
      username                 = "relay@corp.example" # the mailbox the app may send as
      token_url                = "https://login.microsoftonline.com/${var.tenant_id}/oauth2/v2.0/token"
      client_id                = var.client_id
      client_secret_wo         = var.client_secret
      client_secret_wo_version = 1 # raise it to send a new client secret
      scope                    = "https://outlook.office365.com/.default"
      tls_policy               = "verify" # the default with credentials, written out: the certificate must name smtp.office365.com
    }
  }
}

# Mail to partner.example only over TLS whose certificate is verified (Postfix "secure"), without credentials.
resource "smtp_remote_domain" "partner" {
  virtual_server_id = smtp_virtual_server.apps.id
  name              = "partner.example"
  outbound_security = { tls_policy = "verify" }
}
