# IIS "Connection" (IP address and domain name restrictions) as one list: with
# connection_control.mode = "all_except_listed" (the default) these clients are
# refused with 554 5.7.1. Authoritative: this server gets no smtp_connection_rule.
resource "smtp_connection_rules" "example" {
  virtual_server_id = smtp_virtual_server.printers.id
  rules = [
    { ip_address = "198.51.100.7", description = "known spam source" },
    { cidr = "2001:db8:bad::/48" },
  ]
}
