# IIS "Remote domain": mail for every subdomain of partner.example goes to the partner's
# gateway over TLS with its own credentials, and any client that may connect may relay to it.
resource "smtp_remote_domain" "example" {
  virtual_server_id = smtp_virtual_server.example.id
  name              = "*.partner.example"
  smart_host        = "gateway.partner.example"
  smart_host_port   = 587
  outbound_security = {
    authentication      = "integrated" # CRAM-MD5: the password never crosses the wire
    username            = "corp-relay"
    password_wo         = var.partner_password
    password_wo_version = 1
    tls_policy          = "verify" # STARTTLS, the gateway's certificate checked
  }
  allow_incoming_relay = true
}

variable "partner_password" {
  type      = string
  sensitive = true
  ephemeral = true # not kept in saved plans either
}
