# A certificate is imported by its id (GET /v1/certificates lists them). Every attribute is immutable.
terraform import smtp_certificate.example Ty8uI0oP3aS6dF9gH2jK
