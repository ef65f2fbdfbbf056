# A listener that delivers mail for corp.example locally and relays only for
# authenticated clients (the defaults), through a smart host with basic auth.
resource "smtp_virtual_server" "example" {
  name          = "edge"
  bind_address  = "127.0.0.1"
  port          = 2525
  fqdn          = "mail.corp.example"
  local_domains = ["corp.example"]

  authentication = {
    anonymous            = true
    basic                = true
    basic_default_domain = "CORP"
  }

  limits = {
    max_message_size_kb = 20480
  }

  delivery = {
    smart_host      = "smtp.isp.example"
    smart_host_port = 587
    outbound_security = {
      authentication      = "basic"
      username            = "relay@isp.example"
      password_wo         = var.smart_host_password # write-only: never in state
      password_wo_version = 1                       # bump to send a new password
      tls_policy          = "verify"                # STARTTLS, certificate checked (the default with credentials)
    }
    retry_intervals_minutes = [10, 30, 60]
    expiration_hours        = 24
  }

  ndr = {
    send_copy_to = "postmaster@corp.example"
  }
}

variable "smart_host_password" {
  type      = string
  sensitive = true
  ephemeral = true # not kept in saved plans either
}
