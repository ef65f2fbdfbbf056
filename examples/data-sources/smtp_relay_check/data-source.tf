# Ask the relay's own policy whether an anonymous client on the internet could relay:
# the check block warns on every plan if the virtual server became an open relay.
# The data source is declared at the top level, not inside the check block: a data source scoped to a
# check block is planned as a read on every run, so `terraform plan -detailed-exitcode` would return 2
# (changes) although nothing changes.
data "smtp_relay_check" "example" {
  virtual_server_id = smtp_virtual_server.example.id
  client_ip         = "203.0.113.9"
  sender            = "someone@example.net"
  recipient         = "victim@example.org"
}

check "not_an_open_relay" {
  assert {
    condition     = data.smtp_relay_check.example.decision == "reject"
    error_message = "edge relays for anonymous internet clients: ${data.smtp_relay_check.example.reason}"
  }
}
