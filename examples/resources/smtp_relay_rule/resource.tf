# IIS "Relay restrictions": with relay_control.mode = "only_listed" (the default) these
# clients may relay to any domain without authenticating.
resource "smtp_relay_rule" "example" {
  virtual_server_id = smtp_virtual_server.example.id
  cidr              = "10.20.0.0/16"
  description       = "application servers"
}
