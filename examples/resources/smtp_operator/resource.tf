# IIS "Operators": CORP\alice may read and change the edge virtual server, its rules,
# remote domains and operators through the API, and nothing else.
resource "smtp_operator" "example" {
  virtual_server_id = smtp_virtual_server.example.id
  account_id        = smtp_account.example.id
}
