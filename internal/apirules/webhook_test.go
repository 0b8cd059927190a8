package apirules

import (
	"strings"
	"testing"
)

func TestCheckWebhookURL_cases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url  string
		want string // part of the error; "" for valid
	}{
		{"https://hooks.example.com/klarna", ""},
		{"https://hooks.example.com:8443/klarna?x=1", ""},
		{"https://127.0.0.2:8443", ""},
		{"https://[::1]:443/", ""},
		{"http://hooks.example.com/", "https://"},
		{"https://hooks.example.com:80/", "port 80"},
		{"https://user:pw@hooks.example.com/", "user information"},
		{"https://hooks.example.com/#frag", "fragment"},
		{"hooks.example.com", "is not"},
		{"https://" + strings.Repeat("a", 2050), "at most 2048"},
		{"https://hooks.example.com/" + strings.Repeat("é", 2000), ""},
		{"https://hooks.example.com/" + strings.Repeat("é", 2030), "has 2056 characters"},
		{"https://hooks.example.com:/x", "port must not be empty"},
		{"https://bücher.example/x", "xn--"},
		{"https://xn--bcher-kva.example/x", ""},
		{"https://[fe80::1%25eth0]/x", "without a zone"},
		{"https://127.0.0.2?q=1", "starts with /"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			t.Parallel()
			err := CheckWebhookURL(tt.url)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("CheckWebhookURL = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("CheckWebhookURL = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestCheckEventType_cases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in       string
		wildcard bool
		ok       bool
	}{
		{"partner.account.state-change.operational", true, true},
		{"partner.account.*", true, true},
		{"settlement.report.created", false, true},
		{"partner.account.*", false, false},
		{"*", true, false},
		{"partner.*.operational", true, false},
		{"Partner.account", true, false},
		{"partner..account", true, false},
		{"partner.-account", true, false},
		{"", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			if err := CheckEventType(tt.in, tt.wildcard); (err == nil) != tt.ok {
				t.Errorf("CheckEventType(%q, %v) = %v, want ok %v", tt.in, tt.wildcard, err, tt.ok)
			}
		})
	}
}

func TestEventTypeMatches_cases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, event string
		want           bool
	}{
		{"partner.account.*", "partner.account.state-change.operational", true},
		{"partner.account.*", "partner.account.x", true},
		{"partner.account.*", "partner.account", false},
		{"partner.account.*", "partner.accounts.x", false},
		{"settlement.report.created", "settlement.report.created", true},
		{"settlement.report.created", "settlement.report.created.v2", false},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+" "+tt.event, func(t *testing.T) {
			t.Parallel()
			if got := EventTypeMatches(tt.pattern, tt.event); got != tt.want {
				t.Errorf("EventTypeMatches(%q, %q) = %v, want %v", tt.pattern, tt.event, got, tt.want)
			}
		})
	}
}

func TestWebhookSignature_knownVector(t *testing.T) {
	t.Parallel()
	// RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
	got := WebhookSignature("Jefe", []byte("what do ya want for nothing?"))
	want := "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
	if got != want {
		t.Errorf("WebhookSignature = %s, want %s", got, want)
	}
}

func TestCIDRRules_cases(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		block string
		ok    bool
	}{
		{"127.0.0.1/32", true}, {"10.0.0.0/8", true}, {"2001:db8::/32", true}, {"::1/128", true},
		{"10.0.0.1/8", false}, {"10.0.0.0", false}, {"300.0.0.0/8", false}, {"2001:DB8::/32", false},
		{"::ffff:127.0.0.1/128", false}, {"::ffff:10.0.0.0/104", false},
	} {
		if err := CheckCIDRBlock(tt.block); (err == nil) != tt.ok {
			t.Errorf("CheckCIDRBlock(%q) = %v, want ok %v", tt.block, err, tt.ok)
		}
	}
	for _, tt := range []struct {
		addr   string
		blocks []string
		want   string
	}{
		{"127.0.0.1:5555", []string{"127.0.0.0/8"}, IPValidationAllowed},
		{"[::1]:5555", []string{"::1/128"}, IPValidationAllowed},
		{"127.0.0.1:5555", []string{"10.0.0.0/8"}, IPValidationDenied},
		{"127.0.0.1:5555", nil, IPValidationDenied},
		{"pipe", []string{"10.0.0.0/8"}, IPValidationInvalid},
	} {
		if got := AddressAllowed(tt.addr, tt.blocks); got != tt.want {
			t.Errorf("AddressAllowed(%q, %v) = %s, want %s", tt.addr, tt.blocks, got, tt.want)
		}
	}
}

func TestCheckWebhookURL_ports(t *testing.T) {
	t.Parallel()
	for _, port := range WebhookPorts {
		if err := CheckWebhookURL("https://hooks.example.com:" + port + "/klarna"); err != nil {
			t.Errorf("port %s of WebhookPorts: CheckWebhookURL = %v, want nil", port, err)
		}
	}
	err := CheckWebhookURL("https://hooks.example.com:9443/klarna")
	if err == nil {
		t.Fatal("port 9443: CheckWebhookURL = nil, want an error")
	}
	for _, port := range WebhookPorts {
		if !strings.Contains(err.Error(), port) || !strings.Contains(WebhookURLAllowed, port) {
			t.Errorf("port %s of WebhookPorts missing from the error %q or from WebhookURLAllowed %q", port, err, WebhookURLAllowed)
		}
	}
}

func TestWebhookPortList_forms(t *testing.T) {
	t.Parallel()
	if got, want := webhookPortList("or"), "443 (the default) or 8443"; got != want {
		t.Errorf("webhookPortList(%q) = %q, want %q", "or", got, want)
	}
}
