# A key pair and certificate generated on the relay (the private key never leaves it),
# offered with STARTTLS by pointing a virtual server's tls.certificate_id at it.
resource "smtp_certificate" "example" {
  name                      = "edge"
  common_name               = "mail.corp.example"
  subject_alternative_names = ["smtp.corp.example", "127.0.0.1"]
  key_algorithm             = "ECDSA_P256"
  validity_days             = 825
}

# Or import your own certificate: the key is write-only and never lands in state.
# resource "smtp_certificate" "imported" {
#   name                       = "edge-ca-signed"
#   certificate_pem            = file("edge.crt")
#   private_key_pem_wo         = file("edge.key")
#   private_key_pem_wo_version = 1
# }
