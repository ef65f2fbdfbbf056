# A relay list is imported by its virtual server's id.
import {
  to = smtp_relay_rules.example
  id = "Hk3v0cPq9rXz2mT5bLw8"
}
