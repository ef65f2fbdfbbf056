# IIS "Operators": CORP\alice may read and change the edge virtual server, its rules,
# remote domains and operators through the API, and nothing else.
resource "smtp_operator" "example" {
  virtual_server_id = smtp_virtual_server.example.id
  account_id        = smtp_account.example.id
}

# IIS "Operators" with a domain group: every member of CORP\Mail Admins (nested groups included)
# manages the edge virtual server with its domain password.
resource "smtp_operator" "mail_admins" {
  virtual_server_id = smtp_virtual_server.example.id
  directory_id      = smtp_directory.example.id
  directory_dn      = "CN=Mail Admins,OU=Groups,DC=corp,DC=example,DC=com"
}
