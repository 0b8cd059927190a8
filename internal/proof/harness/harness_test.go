package harness

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckLoopback_onlyLoopbackIPOverHTTPS(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url string
		ok  bool
	}{
		{"https://127.0.0.1:8443", true},
		{"https://127.0.0.1:41234/", true},
		{"https://127.0.0.2:1234/v2", true},
		{"https://[::1]:8443", true},
		{"http://127.0.0.1:8443", false},
		{"https://api-global.test.klarna.com", false},
		{"https://api-global.klarna.com", false},
		{"https://localhost:8443", false}, // a name may resolve anywhere
		{"https://127.0.0.1.nip.io", false},
		{"https://10.0.0.1:8443", false},
		{"https://0.0.0.0:8443", false},
		{"https://user:pw@127.0.0.1:8443", false},
		{"::not a url", false},
	}
	for _, tt := range tests {
		err := CheckLoopback(tt.url)
		if (err == nil) != tt.ok {
			t.Errorf("CheckLoopback(%q) = %v, want ok %v", tt.url, err, tt.ok)
		}
		if err != nil && (!strings.Contains(err.Error(), "refusing base URL") || !strings.Contains(err.Error(), "Klarna forbids load testing")) {
			t.Errorf("CheckLoopback(%q) = %v: the error does not say that it refuses the URL and why", tt.url, err)
		}
	}
}

func TestModuleRoot_isTheProviderModulePastTheProofModule(t *testing.T) {
	t.Parallel()
	// Tests run in the package's directory, inside the proof module.
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	if !isProviderRoot(root) {
		t.Errorf("ModuleRoot() = %s, whose go.mod does not declare %s", root, ProviderModule)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(root, ProofDir, "harness"); wd != want {
		t.Errorf("ModuleRoot() = %s; the package's directory %s is not %s below it", root, wd, filepath.Join(ProofDir, "harness"))
	}
	if isProviderRoot(filepath.Join(root, ProofDir)) {
		t.Errorf("the proof module's go.mod counts as the provider's")
	}
}

func TestWriteCLIConfig_devOverridesForEverySource(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "terraform.rc")
	if err := WriteCLIConfig(path, map[string]string{"partnerops/noop": "/b/noop", "partnerops/klarna": "/b/klarna"}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path) //nolint:gosec // the test's own temporary file
	if err != nil {
		t.Fatal(err)
	}
	const want = "provider_installation {\n  dev_overrides {\n" +
		"    \"partnerops/klarna\" = \"/b/klarna\"\n    \"partnerops/noop\" = \"/b/noop\"\n" +
		"  }\n  direct {}\n}\n"
	if string(b) != want {
		t.Errorf("WriteCLIConfig wrote\n%s\nwant\n%s", b, want)
	}
}

func TestTerraformEnv_dropsTheUsersTerraformAndProviderVariables(t *testing.T) {
	// t.Setenv: not parallel.
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("KLARNA_BASE_URL", "https://api-global.klarna.com")
	t.Setenv("CHECKPOINT_TIMEOUT", "1")
	t.Setenv("BENCH_CPUPROFILE_DIR", "/tmp")
	t.Setenv("PROOF_TEST_KEPT", "yes")
	env := TerraformEnv("/w/terraform.rc")
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "TF_LOG", "KLARNA_BASE_URL", "CHECKPOINT_TIMEOUT", "BENCH_CPUPROFILE_DIR":
			t.Errorf("TerraformEnv keeps %s", kv)
		}
	}
	for _, want := range []string{"PROOF_TEST_KEPT=yes", "TF_CLI_CONFIG_FILE=/w/terraform.rc", "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1"} {
		found := false
		for _, kv := range env {
			found = found || kv == want
		}
		if !found {
			t.Errorf("TerraformEnv has no %s", want)
		}
	}
}
