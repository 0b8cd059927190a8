// Package examplestest runs the Terraform CLI, or OpenTofu, against the configurations
// under examples/ with a provider built from this repository and installed through a
// dev_overrides CLI configuration: every example directory must pass `terraform validate`,
// the partner-onboarding module's own `terraform test` suite runs against the in-repo mock
// API, and `make demo` (scripts/demo.sh) runs its tour, kept, failed and interrupted. The
// package holds tests only; they run when TF_ACC is set.
package examplestest
