# A certificate is imported by its id (GET /v1/certificates lists them). Every attribute is immutable.
import {
  to = smtp_certificate.example
  id = "Ty8uI0oP3aS6dF9gH2jK"
}
