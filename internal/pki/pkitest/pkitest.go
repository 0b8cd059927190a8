// Package pkitest makes keys and CSRs with the openssl CLI for tests, exactly as a user's
// shell would, so that the provider and the mock API are tested against openssl's encoding
// rather than only Go's.
package pkitest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// OpenSSLRequest writes a P-256 key and a CSR with the openssl CLI and returns the CSR's PEM;
// reqArgs follow `openssl req -new -key key.pem`. config, when set, is written to req.cnf in
// the same directory (pass "-config", "req.cnf" to use it). openssl's own configuration file
// is not read.
func OpenSSLRequest(t *testing.T, config string, reqArgs ...string) string {
	t.Helper()
	bin, err := exec.LookPath("openssl")
	if err != nil {
		t.Fatal("these tests need the openssl CLI: ", err)
	}
	dir := t.TempDir()
	if config != "" {
		if err := os.WriteFile(filepath.Join(dir, "req.cnf"), []byte(config), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{
		{"ecparam", "-genkey", "-name", "prime256v1", "-out", "key.pem"},
		append([]string{"req", "-new", "-key", "key.pem", "-out", "csr.pem"}, reqArgs...),
	} {
		cmd := exec.CommandContext(t.Context(), bin, args...) //nolint:gosec // runs openssl on the test's own files
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "OPENSSL_CONF=/dev/null")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("openssl %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "csr.pem")) //nolint:gosec // a file in the test's own temporary directory
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
