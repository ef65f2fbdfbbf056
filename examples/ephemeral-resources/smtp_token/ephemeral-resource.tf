# A token for CORP\alice that lives only while this run needs it (Terraform 1.10+): issued when the run
# opens it, revoked when the run is done with it, and never written to state or a saved plan.
ephemeral "smtp_token" "alice" {
  account_id  = var.alice_account_id
  ttl_seconds = 900 # bounds the token only if the revocation failed
}

variable "alice_account_id" {
  type = string
}

# A provider that acts as alice: it may do only what alice may (here: read the virtual server she operates).
provider "smtp" {
  alias    = "as_alice"
  endpoint = var.relay_endpoint
  token    = ephemeral.smtp_token.alice.token
}

data "smtp_virtual_server" "operated_by_alice" {
  provider = smtp.as_alice
  name     = "edge"
}
