terraform {
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

data "klarna_settlement_configuration" "this" {}

output "payouts" {
  value = "${data.klarna_settlement_configuration.this.payout_schedule} in ${data.klarna_settlement_configuration.this.currency}, ${data.klarna_settlement_configuration.this.payout_delay_days} days after capture"
}
