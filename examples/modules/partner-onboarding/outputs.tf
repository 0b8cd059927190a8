output "api_key" {
  description = "The partner's secret API key. Shown once by Klarna and kept only in the Terraform state; hand it to the partner over a secure channel."
  value       = klarna_api_key.partner.api_key
  sensitive   = true
}

output "api_key_id" {
  description = "The credential ID of the partner's API key."
  value       = klarna_api_key.partner.id
}

output "client_id" {
  description = "The partner's client ID for Klarna's Web SDK, usable from the given origins."
  value       = klarna_client_id.partner.client_id
}

output "portal_users" {
  description = "The portal users by lower-case email address, each with the status of its access: INVITED until the person first signs in, then ACTIVE."
  value       = { for email, u in klarna_portal_user.this : email => u.status }
}

output "account_id" {
  description = "The partner account's ID (KRN): the one onboarded, or account_id."
  value       = local.account_id
}

output "account_state" {
  description = "The onboarded account's state (OPERATIONAL, or PARTIALLY_OPERATIONAL when onboarding outlasted the wait); null when account_id was given."
  value       = var.partner == null ? null : klarna_partner_account.this[0].state
}

output "webhook_id" {
  description = "The ID of the partner's webhook; null without webhook."
  value       = var.webhook == null ? null : klarna_webhook.partner[0].id
}

output "webhook_signing_key_id" {
  description = "The ID of the key that signs the webhook's deliveries (sent as Klarna-Signing-Key-Id); null without webhook."
  value       = var.webhook == null ? null : klarna_webhook_signing_key.partner[0].id
}

output "webhook_signing_secret" {
  description = "The secret of the key that signs the webhook's deliveries (Klarna-Signature is the HMAC-SHA256 of each body under it). Shown once by Klarna and kept only in the Terraform state; hand it to the partner over a secure channel. Null without webhook."
  value       = var.webhook == null ? null : klarna_webhook_signing_key.partner[0].secret
  sensitive   = true
}
