# IIS "Connection": with connection_control.mode = "all_except_listed" (the default) these
# clients are refused with 554 5.7.1; with "only_listed" only they may connect.
resource "smtp_connection_rule" "example" {
  virtual_server_id = smtp_virtual_server.example.id
  ip_address        = "198.51.100.0"
  subnet_mask       = "255.255.255.0" # a group of computers
  description       = "known spam source"
}

resource "smtp_connection_rule" "example_cidr" {
  virtual_server_id = smtp_virtual_server.example.id
  cidr              = "2001:db8:bad::/48"
}
