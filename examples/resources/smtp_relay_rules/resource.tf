# IIS "Relay restrictions" as one list: every client that may relay through the
# "printers" server, managed together. The list is authoritative (a rule added
# outside Terraform shows in the next plan), so this server gets no smtp_relay_rule.
resource "smtp_virtual_server" "printers" {
  name = "printers"
  port = 2526
}

resource "smtp_relay_rules" "example" {
  virtual_server_id = smtp_virtual_server.printers.id
  rules = [
    { cidr = "10.20.0.0/16", description = "application servers" },
    { ip_address = "192.0.2.0", subnet_mask = "255.255.255.0", description = "print room" },
    { domain = "scanners.corp.example" },
  ]
}
