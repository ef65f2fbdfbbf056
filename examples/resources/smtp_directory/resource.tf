# Active Directory for CORP: CORP\alice (or a bare "alice" where basic_default_domain = "CORP") authenticates
# with her domain password, over verified LDAPS, trying dc1 then dc2. A private CA: tls_ca_pem = file("ca.pem").
# Nothing is asked of the directory until someone signs in.
resource "smtp_directory" "example" {
  name                     = "corp.example.com"
  domain                   = "CORP"
  urls                     = ["ldaps://dc1.corp.example.com", "ldaps://dc2.corp.example.com"]
  bind_dn                  = "CN=svc-relay,OU=Service Accounts,DC=corp,DC=example,DC=com"
  bind_password_wo         = var.relay_bind_password # write-only: never in state
  bind_password_wo_version = 1                       # bump to send a new password
  user_search_base         = "DC=corp,DC=example,DC=com"
}

variable "relay_bind_password" {
  type      = string
  sensitive = true
  ephemeral = true # not kept in saved plans either
}
