# A remote domain is imported by <virtual_server_id>/<remote_domain_id>, or by its id alone (ids are unique across virtual servers).
import {
  to = smtp_remote_domain.example
  id = "Hk3v0cPq9rXz2mT5bLw8/Pl9oK8iJ7uH6yG5tF4rD"
}
