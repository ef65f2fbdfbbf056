# A relay rule is imported by <virtual_server_id>/<rule_id>, or by its id alone (ids are unique across virtual servers).
import {
  to = smtp_relay_rule.example
  id = "Hk3v0cPq9rXz2mT5bLw8/Zx1cV4bN7mQ0wE3rT6yU"
}
