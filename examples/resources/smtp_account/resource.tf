# CORP\alice: an SMTP AUTH identity, and an API principal once it is an operator.
resource "smtp_account" "example" {
  name                = "alice"
  domain              = "CORP"
  password_wo         = var.alice_password # write-only: never in state
  password_wo_version = 1                  # bump to send a new password
}

variable "alice_password" {
  type      = string
  sensitive = true
  ephemeral = true # not kept in saved plans either
}
