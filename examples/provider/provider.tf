terraform {
  required_version = ">= 1.11" # write-only attributes (*_wo)
  required_providers {
    smtp = { source = "relayform/smtp" }
  }
}

variable "relay_endpoint" {
  type    = string
  default = "http://127.0.0.1:8025"
}

variable "relay_token" {
  type      = string
  sensitive = true
  ephemeral = true # not kept in saved plans either
  default   = null # null: SMTP_RELAY_TOKEN from the environment
}

# endpoint falls back to SMTP_RELAY_ENDPOINT, token to SMTP_RELAY_TOKEN.
# An operator may use username/password instead of a token: it then manages only its own virtual servers.
provider "smtp" {
  endpoint = var.relay_endpoint
  token    = var.relay_token
}
