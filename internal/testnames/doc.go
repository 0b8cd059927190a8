// Package testnames holds the check that keeps test names and the kind of test in step
// across the repository: `make testacc` runs `go test -run '^TestAcc'`, and CI's test
// matrix counts what that run ran, so every acceptance test is named TestAcc* and nothing
// else is.
package testnames
