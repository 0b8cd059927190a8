// Package examplestest checks what users copy: the configurations under examples/, the
// guides under templates/ and the README's local-build instructions. The Terraform CLI, or
// OpenTofu, runs with a provider built from this repository: every example directory must
// pass `terraform validate` exactly as a user who copies it has it, the files each guide
// shows must validate together, the adoption guide and the mTLS examples run against the
// in-repo mock API, and the partner-onboarding module's own `terraform test` suite runs
// against it too, and `make demo` (scripts/demo.sh) runs its tour, kept, failed and
// interrupted. Tests that need no CLI check that examples declare the Terraform version
// their language features need and that no example or template holds a fixed date. The
// package holds tests only; the CLI tests run when TF_ACC is set.
package examplestest
