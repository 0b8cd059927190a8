# Step 3: a single-use deep link into the partner's portal for the developer. The ephemeral
# resource keeps it out of the plan and the state; a provisioner, one of the places an
# ephemeral value may go, hands it to a local command that opens it twice.
ephemeral "klarna_portal_deep_link" "developer" {
  email      = klarna_portal_user.developer.email
  account_id = var.partner_account_id
  roles      = ["merchant:developer"]
  amr        = ["pwd", "mfa"]

  signing_certificate_pem = klarna_client_certificate.jwt_signing.certificate_pem
  signing_private_key_pem = file("${var.keys_dir}/jwt-signing.key")
}

resource "terraform_data" "open_deep_link" {
  triggers_replace = [klarna_portal_user.developer.id]

  provisioner "local-exec" {
    # Terraform hides the output of a command given a sensitive value; the command writes
    # what it saw to deep-link.log instead, never the URL itself.
    command = "${path.module}/open-deep-link.sh > deep-link.log"
    environment = {
      DEEP_LINK_URL = ephemeral.klarna_portal_deep_link.developer.url
    }
  }
}
