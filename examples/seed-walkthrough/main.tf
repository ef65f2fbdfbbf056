# Every procedure of the IIS 6.0 SMTP virtual server "Security" documentation, as one Terraform configuration.
# Each block names the IIS dialog it replaces. Apply with:
#   export SMTP_RELAY_ENDPOINT=http://127.0.0.1:8025 SMTP_RELAY_TOKEN=$(cat .relay-data/admin-token)
#   export TF_VAR_directory_bind_password=... TF_VAR_scanner_password=... TF_VAR_smart_host_password=... TF_VAR_partner_password=...
#   terraform init && terraform apply

terraform {
  required_version = ">= 1.11" # write-only attributes (*_wo)
  required_providers {
    smtp = { source = "relayform/smtp" }
  }
}

provider "smtp" {} # SMTP_RELAY_ENDPOINT and SMTP_RELAY_TOKEN

variable "directory" {
  description = "Active Directory of the CORP domain: domain controllers (tried in order), the CA of their certificates (null: the system's roots), the service account the relay binds as, and where users and groups are."
  type = object({
    flavor            = optional(string, "active_directory")
    urls              = list(string)
    tls_ca_pem        = optional(string)
    bind_dn           = string
    user_search_base  = string
    group_search_base = optional(string)
  })
  default = {
    urls             = ["ldaps://dc1.corp.example", "ldaps://dc2.corp.example"]
    bind_dn          = "CN=svc-relay,OU=Service Accounts,DC=corp,DC=example"
    user_search_base = "DC=corp,DC=example"
  }
}

variable "directory_bind_password" {
  type      = string
  sensitive = true
  ephemeral = true # not kept in saved plans either
}

variable "scanner_password" {
  type      = string
  sensitive = true
  ephemeral = true # not kept in saved plans either
}

variable "smart_host_password" {
  type      = string
  sensitive = true
  ephemeral = true # not kept in saved plans either
}

variable "partner_password" {
  type      = string
  sensitive = true
  ephemeral = true # not kept in saved plans either
}

# ---------------------------------------------------------------------------------------------------------
# Windows user accounts. IIS checks Basic authentication and the Operators list against Windows accounts: the
# domain's (Active Directory Users and Computers) or the server's own (Computer Management > Local Users and Groups).
# Domain accounts come from the directory: CORP\alice (or a bare "alice" where basic_default_domain = "CORP") signs in
# to SMTP AUTH and to the management API with her Windows password, disabled accounts are refused, and nothing of
# hers is copied into the relay. The directory is asked only when someone signs in.
resource "smtp_directory" "corp" {
  name                     = "corp.example"
  domain                   = "CORP"
  flavor                   = var.directory.flavor
  urls                     = var.directory.urls
  tls_ca_pem               = var.directory.tls_ca_pem # verified LDAPS; there is no switch to turn verification off
  bind_dn                  = var.directory.bind_dn
  bind_password_wo         = var.directory_bind_password # write-only: never in state
  bind_password_wo_version = 1
  user_search_base         = var.directory.user_search_base
  group_search_base        = var.directory.group_search_base
}

# A local user, for a sender without a domain account (a scanner, an appliance): the relay keeps its password hash.
# A local account wins over a directory user of the same name and domain.
resource "smtp_account" "scanner" {
  name                = "scanner"
  domain              = "CORP"
  password_wo         = var.scanner_password
  password_wo_version = 1
}

# ---------------------------------------------------------------------------------------------------------
# Security Accounts tab > Key Certificate wizard: a key pair and certificate created on the relay.
resource "smtp_certificate" "edge" {
  name                      = "edge"
  common_name               = "mail.corp.example"
  subject_alternative_names = ["127.0.0.1"]
  key_algorithm             = "RSA_2048"
  validity_days             = 365
}

# ---------------------------------------------------------------------------------------------------------
# The SMTP virtual server (Default SMTP Virtual Server > Properties).
resource "smtp_virtual_server" "edge" {
  name          = "edge"
  bind_address  = "127.0.0.1"
  port          = 2525
  fqdn          = "mail.corp.example"
  local_domains = ["corp.example"]

  # Access tab > Authentication dialog:
  #   clear "Anonymous access"; check "Basic authentication" with Default domain CORP (a bare "alice"
  #   logs in as CORP\alice, checked against the directory); check "Integrated Windows Authentication" (Kerberos
  #   once kerberos_keytab_path names the keytab of smtp/mail.corp.example; CRAM-MD5 and XOAUTH2 tokens for local accounts).
  authentication = {
    anonymous            = false
    basic                = true
    basic_default_domain = "CORP"
    integrated           = true
  }

  # Access tab > Secure communication > Certificate... and Communication dialog:
  #   "Require TLS encryption" and "Require 128-bit encryption" (TLS 1.2+, ciphers of 128 bits or more).
  tls = {
    certificate_id  = smtp_certificate.edge.id
    require_tls     = true
    require_128_bit = true
  }

  # Access tab > Connection control > Connection dialog: "All except the list below" (the list is the
  # smtp_connection_rule resources further down).
  connection_control = {
    mode = "all_except_listed"
  }

  # Access tab > Relay restrictions > Relay dialog: "Only the list below" (smtp_relay_rule resources) and
  # "Allow all computers which successfully authenticate to relay, regardless of the list above".
  relay_control = {
    mode                = "only_listed"
    allow_authenticated = true
  }

  # Delivery tab > Advanced Delivery (smart host) and Outbound Security dialog: Basic authentication with
  # a user name and password, and "TLS encryption".
  delivery = {
    smart_host      = "smtp.isp.example"
    smart_host_port = 587
    outbound_security = {
      authentication      = "basic"
      username            = "relay@isp.example"
      password_wo         = var.smart_host_password # write-only: never in state
      password_wo_version = 1                       # bump to send a new password
      tls_policy          = "verify"                # "TLS encryption", and the certificate must name smtp.isp.example
    }
  }

  # Messages tab > "Send copy of Non-Delivery Report to".
  ndr = {
    send_copy_to = "postmaster@corp.example"
  }
}

# ---------------------------------------------------------------------------------------------------------
# Security tab > Operators: Add... one entry per domain user or group (its DN) in this set: every member of a
# group, nested groups included, may manage edge with its Windows password. To Remove an operator, delete it from
# the set and apply (Terraform deletes that smtp_operator, its API rights end at once; a member removed from a group
# in the directory loses them within the directory's cache_ttl_seconds).
variable "operators" {
  type    = set(string)
  default = ["CN=Mail Admins,OU=Groups,DC=corp,DC=example", "CN=Bob,OU=Users,DC=corp,DC=example"]
}

resource "smtp_operator" "edge" {
  for_each          = var.operators
  virtual_server_id = smtp_virtual_server.edge.id
  directory_id      = smtp_directory.corp.id
  directory_dn      = each.key
}

# ---------------------------------------------------------------------------------------------------------
# Access tab > Connection control > Connection > Add... (refused, as the mode above is "all except the list").
resource "smtp_connection_rule" "single_computer" { # "Single computer", IP address
  virtual_server_id = smtp_virtual_server.edge.id
  ip_address        = "127.0.0.66"
  description       = "a single computer"
}

resource "smtp_connection_rule" "group_of_computers" { # "Group of computers", subnet address + subnet mask
  virtual_server_id = smtp_virtual_server.edge.id
  ip_address        = "192.0.2.0"
  subnet_mask       = "255.255.255.0"
  description       = "a group of computers"
}

resource "smtp_connection_rule" "domain" { # "Domain" (forward-confirmed reverse DNS)
  virtual_server_id = smtp_virtual_server.edge.id
  domain            = "spam.example"
  description       = "a domain"
}

# Access tab > Relay restrictions > Relay > Add...: these may relay without authenticating ("only the list").
resource "smtp_relay_rule" "app_servers" {
  virtual_server_id = smtp_virtual_server.edge.id
  cidr              = "10.20.0.0/16"
  description       = "application servers"
}

# ---------------------------------------------------------------------------------------------------------
# Domains > New > Domain > Remote, then its Properties: "Allow incoming mail to be relayed to this domain",
# Route domain ("Forward all mail to smart host") and Outbound Security (Integrated Windows Authentication
# + TLS encryption): settings of its own, overriding the virtual server's.
resource "smtp_remote_domain" "partner" {
  virtual_server_id    = smtp_virtual_server.edge.id
  name                 = "partner.example"
  smart_host           = "gateway.partner.example"
  smart_host_port      = 25
  allow_incoming_relay = true
  outbound_security = {
    authentication      = "integrated" # CRAM-MD5: the password never crosses the wire
    username            = "corp-relay"
    password_wo         = var.partner_password
    password_wo_version = 1
    tls_policy          = "verify" # "TLS encryption", with the gateway's certificate checked
  }
}

# Outbound Security > Anonymous access, for one more remote domain (every subdomain of legacy.example).
resource "smtp_remote_domain" "legacy" {
  virtual_server_id = smtp_virtual_server.edge.id
  name              = "*.legacy.example"
  outbound_security = {
    authentication = "anonymous"
    tls_policy     = "opportunistic" # STARTTLS when offered, clear text otherwise
  }
}

# ---------------------------------------------------------------------------------------------------------
# A second virtual server for the other relay option. Relay dialog: "All except the list below", with the
# local network on the list, and "Allow all computers which successfully authenticate to relay": clients
# on 127.0.0.0/24 relay only after AUTH. Anonymous access stays on (the default).
resource "smtp_virtual_server" "intake" {
  name          = "intake"
  port          = 2587
  local_domains = ["corp.example"]
  authentication = {
    basic                = true
    basic_default_domain = "CORP"
  }
  relay_control = {
    mode                = "all_except_listed"
    allow_authenticated = true
  }
}

resource "smtp_relay_rule" "intake_local_network" {
  virtual_server_id = smtp_virtual_server.intake.id
  ip_address        = "127.0.0.0"
  subnet_mask       = "255.255.255.0"
  description       = "may relay only after authenticating"
}

# ---------------------------------------------------------------------------------------------------------
# What no IIS dialog had: the relay's own policy, asked on every plan, proves edge is not an open relay.
data "smtp_relay_check" "open_relay" {
  virtual_server_id = smtp_virtual_server.edge.id
  client_ip         = "203.0.113.9"
  sender            = "someone@example.net"
  recipient         = "victim@example.org"
}

check "edge_is_not_an_open_relay" {
  assert {
    condition     = data.smtp_relay_check.open_relay.decision == "reject"
    error_message = "edge relays for anonymous internet clients: ${data.smtp_relay_check.open_relay.reason}"
  }
}

output "edge_listener" {
  value = "${smtp_virtual_server.edge.bind_address}:${smtp_virtual_server.edge.port}"
}
