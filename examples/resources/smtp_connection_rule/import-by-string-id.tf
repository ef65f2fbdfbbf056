# A connection rule is imported by <virtual_server_id>/<rule_id>, or by its id alone (ids are unique across virtual servers).
import {
  to = smtp_connection_rule.example
  id = "Hk3v0cPq9rXz2mT5bLw8/Wb4nM7qR1tY6uI0oP2aS"
}
