package apirules

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestCheckOrigin_accepts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		in   string
	}{
		{"https", "https://example.com"},
		{"https subdomain", "https://shop.eu.example.com"},
		{"https with port", "https://example.com:8443"},
		{"port 1", "https://example.com:1"},
		{"port 65535", "https://example.com:65535"},
		{"http localhost", "http://localhost"},
		{"http localhost with port", "http://localhost:3000"},
		{"https localhost", "https://localhost:8443"},
		{"hyphen and digits", "https://my-shop-24.example.com"},
		{"ipv4", "https://192.0.2.10"},
		{"ipv4 with port", "https://192.0.2.10:8443"},
		{"ipv6 loopback", "https://[::1]"},
		{"ipv6 with port", "https://[2001:db8::1]:8443"},
		{"63-character label", "https://" + strings.Repeat("a", 63) + ".com"},
		{"255 characters", originOfLength(255)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if err := CheckOrigin(tc.in); err != nil {
				t.Errorf("CheckOrigin(%q): %v", tc.in, err)
			}
		})
	}
}

func TestCheckOrigin_refuses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		in   string
		want string
	}{
		{"empty", "", "is not of the form"},
		{"no scheme", "example.com", "is not of the form"},
		{"scheme-relative", "//example.com", `scheme ""`},
		{"ftp", "ftp://example.com", `scheme "ftp"`},
		{"wss", "wss://example.com", `scheme "wss"`},
		{"opaque", "https:example.com", "is not of the form"},
		{"upper-case scheme", "HTTPS://example.com", `must start with "https://"`},
		{"http non-localhost", "http://example.com", "only https:// is allowed"},
		{"http ipv4 loopback", "http://127.0.0.1:3000", "only https:// is allowed"},
		{"http ipv6 loopback", "http://[::1]:3000", "only https:// is allowed"},
		{"http localhost subdomain", "http://app.localhost", "only https:// is allowed"},
		{"path", "https://example.com/app", "must not have a path"},
		{"trailing slash", "https://example.com/", "not even a trailing /"},
		{"trailing slash after port", "https://example.com:8443/", "must not have a path"},
		{"query", "https://example.com?a=1", "must not have a query"},
		{"empty query", "https://example.com?", "must not have a query"},
		{"fragment", "https://example.com#top", "must not have a fragment"},
		{"empty fragment", "https://example.com#", "must not have a fragment"},
		{"upper-case host", "https://Example.com", `lower-case host ("example.com")`},
		{"upper-case ipv6", "https://[2001:DB8::1]", "lower-case host"},
		{"userinfo", "https://user@example.com", "user information"},
		{"userinfo with password", "https://user:pw@example.com", "user information"},
		{"empty userinfo", "https://@example.com", "user information"},
		{"wildcard", "https://*.example.com", "no wildcards"},
		{"port 0", "https://example.com:0", `port "0"`},
		{"port 99999", "https://example.com:99999", `port "99999"`},
		{"port 65536", "https://example.com:65536", `port "65536"`},
		{"port leading zero", "https://example.com:080", `port "080"`},
		{"port abc", "https://example.com:abc", "is not of the form"},
		{"empty port", "https://example.com:", `port ""`},
		{"trailing dot", "https://example.com.", "is not a valid host name"},
		{"empty label", "https://example..com", "is not a valid host name"},
		{"label starting with hyphen", "https://-shop.example.com", "is not a valid host name"},
		{"underscore", "https://my_shop.example.com", "is not a valid host name"},
		{"64-character label", "https://" + strings.Repeat("a", 64) + ".com", "is not a valid host name"},
		{"256 characters", originOfLength(256), "256 characters; at most 255"},
		{"host too long", "https://" + strings.Repeat(strings.Repeat("a", 60)+".", 5) + "com", "at most 255"},
		{"ipv6 zone", "https://[fe80::1%25eth0]", "is not a valid host name"},
		{"unicode host", "https://bücher.example", "is not a valid host name"},
		{"space", "https://exa mple.com", "is not of the form"},
		{"leading space", " https://example.com", "is not of the form"},
		{"only scheme", "https://", "is not of the form"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := CheckOrigin(tc.in)
			if err == nil {
				t.Fatalf("CheckOrigin(%q) accepted it", tc.in)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("CheckOrigin(%q) = %q, want it to contain %q", tc.in, err, tc.want)
			}
		})
	}
}

func FuzzCheckOrigin(f *testing.F) {
	for _, s := range []string{
		"https://example.com", "https://example.com:8443", "http://localhost", "http://localhost:3000",
		"http://example.com", "https://example.com/", "https://example.com?q", "https://example.com#f",
		"https://Example.com", "https://user@example.com", "https://*.example.com", "https://example.com:0",
		"https://example.com:99999", "https://example.com:abc", "", "example.com", "ftp://example.com",
		"https://192.0.2.1", "https://[::1]", "https://[fe80::1%25eth0]", "HTTPS://example.com",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if CheckOrigin(s) != nil {
			return
		}
		u, err := url.Parse(s)
		if err != nil {
			t.Fatalf("accepted %q, which net/url does not parse: %v", s, err)
		}
		if u.Scheme != "https" && (u.Scheme != "http" || u.Hostname() != "localhost") {
			t.Fatalf("accepted %q with scheme %q", s, u.Scheme)
		}
		if s != u.Scheme+"://"+u.Host {
			t.Fatalf("accepted %q, which is not exactly scheme://host (%q, %q)", s, u.Scheme, u.Host)
		}
		if u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			t.Fatalf("accepted %q, which has a path, query, fragment or user", s)
		}
		if u.Hostname() == "" || u.Hostname() != strings.ToLower(u.Hostname()) {
			t.Fatalf("accepted %q with host %q", s, u.Hostname())
		}
	})
}

func TestCheckDescription_cases(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		in   string
		want string // "" means accepted
	}{
		{"empty", "", ""},
		{"words", "Checkout service", ""},
		{"all punctuation allowed", "a-b:c;d.e,f g_h", ""},
		{"digits", "prod 2026", ""},
		{"100 characters", strings.Repeat("a", 100), ""},
		{"101 characters", strings.Repeat("a", 101), "has 101 characters; at most 100"},
		{"101 multibyte characters", strings.Repeat("é", 101), "has 101 characters"},
		{"slash", "a/b", "may only contain"},
		{"newline", "a\nb", "may only contain"},
		{"trailing newline", "ab\n", "may only contain"},
		{"tab", "a\tb", "may only contain"},
		{"non-ascii letter", "café", "may only contain"},
		{"emoji", "ok 👍", "may only contain"},
		{"quote", `say "hi"`, "may only contain"},
		{"invalid utf-8", "a\xffb", "may only contain"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := CheckDescription(tc.in)
			if tc.want == "" {
				if err != nil {
					t.Errorf("CheckDescription(%q): %v", tc.in, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("CheckDescription(%q) = %v, want an error containing %q", tc.in, err, tc.want)
			}
		})
	}
}

func TestCheckEnforcedFrom_cases(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 31, 10, 0, 0, 700_000_000, time.UTC)
	whole := now.Truncate(time.Second)
	for _, tc := range []struct {
		name string
		t    time.Time
		want string // "" means accepted
	}{
		{"now", now, ""},
		{"start of the current second", whole, ""},
		{"one second ago", whole.Add(-time.Second), "is in the past"},
		{"one nanosecond before the current second", whole.Add(-time.Nanosecond), "is in the past"},
		{"yesterday", now.AddDate(0, 0, -1), "is in the past"},
		{"tomorrow", now.AddDate(0, 0, 1), ""},
		{"exactly the latest", EnforcementLatest(now), ""},
		{"one second after the latest", EnforcementLatest(now).Add(time.Second), "more than 3 months ahead"},
		{"a year ahead", now.AddDate(1, 0, 0), "more than 3 months ahead"},
		{"other time zone, same instant", now.In(time.FixedZone("CET", 3600)), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := CheckEnforcedFrom(tc.t, now)
			if tc.want == "" {
				if err != nil {
					t.Errorf("CheckEnforcedFrom(%s): %v", tc.t, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("CheckEnforcedFrom(%s) = %v, want an error containing %q", tc.t, err, tc.want)
			}
		})
	}
}

func TestEnforcementLatest_threeMonths(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		now  time.Time
		want time.Time
	}{
		{"mid month", time.Date(2026, 3, 15, 8, 0, 0, 0, time.UTC), time.Date(2026, 6, 15, 8, 0, 0, 0, time.UTC)},
		{"across a year", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := EnforcementLatest(tc.now); !got.Equal(tc.want) {
				t.Errorf("EnforcementLatest(%s) = %s, want %s", tc.now, got, tc.want)
			}
		})
	}
}

func TestKeyEnvironment_cases(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		in   string
		want string
	}{
		{"live key", "klarna_live_api_abc123", "live"},
		{"test key", "klarna_test_api_abc123", "test"},
		{"prefix only", "klarna_test_api_", "test"},
		{"client id", "klarna_live_client_abc", ""},
		{"upper-case", "KLARNA_LIVE_API_abc", ""},
		{"other environment", "klarna_prod_api_abc", ""},
		{"leading space", " klarna_live_api_abc", ""},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := KeyEnvironment(tc.in); got != tc.want {
				t.Errorf("KeyEnvironment(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestKnownRole_cases(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"merchant:admin", true},
		{"merchant:developer", true},
		{"merchant:agent", true},
		{"merchant:Admin", false},
		{"admin", false},
		{"", false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			if got := KnownRole(tc.in); got != tc.want {
				t.Errorf("KnownRole(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

// emailOfLength is a valid address of exactly n characters (n ≥ 15).
func emailOfLength(n int) string {
	const domain = "@example.com"
	return strings.Repeat("a", n-len(domain)) + domain
}

func TestCheckEmail_accepts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		in   string
	}{
		{"plain", "jane@example.com"},
		{"upper case", "Jane.Doe@Example.COM"},
		{"dots inside the local part", "jane.q.doe@example.com"},
		{"plus tag", "jane+portal@example.com"},
		{"slash", "team/ops@example.com"},
		{"every special", "a!#$%&'*+-/=?^_`{|}~z@example.com"},
		{"subdomains", "jane@mail.eu.example.co.uk"},
		{"hyphenated domain", "jane@my-shop.example"},
		{"digits", "1234@123.example"},
		{"internationalised", "josé@bücher.example"},
		{"one-character local part", "a@example.com"},
		{"63-character label", "jane@" + strings.Repeat("a", 63) + ".com"},
		{"255 characters", emailOfLength(255)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if err := CheckEmail(tc.in); err != nil {
				t.Errorf("CheckEmail(%q): %v", tc.in, err)
			}
		})
	}
}

func TestCheckEmail_refuses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		in   string
		want string
	}{
		{"empty", "", "is empty"},
		{"256 characters", emailOfLength(256), "256 characters given; at most 255"},
		{"256 characters, multi-byte", strings.Repeat("é", 244) + "@example.com", "256 characters given"},
		{"newline", "jane@example.com\n", "control character U+000A"},
		{"tab", "ja\tne@example.com", "control character U+0009"},
		{"NUL", "jane\x00@example.com", "control character U+0000"},
		{"DEL", "jane\x7f@example.com", "control character U+007F"},
		{"no @", "jane.example.com", "exactly one @"},
		{"two @", "jane@doe@example.com", "exactly one @"},
		{"empty local part", "@example.com", "empty local part"},
		{"empty domain", "jane@", "empty domain"},
		{"local part starts with a dot", ".jane@example.com", "local part \".jane\" may not start with a dot"},
		{"local part ends with a dot", "jane.@example.com", "may not end with a dot"},
		{"double dot in the local part", "jane..doe@example.com", "empty part between two dots"},
		{"domain starts with a dot", "jane@.example.com", "domain \".example.com\" may not start with a dot"},
		{"domain ends with a dot", "jane@example.com.", "domain \"example.com.\" may not end with a dot"},
		{"empty label", "jane@example..com", "empty part between two dots"},
		{"single label", "jane@localhost", "at least two labels"},
		{"space", "jane doe@example.com", "may not contain ' '"},
		{"display name", "Jane <jane@example.com>", "may not contain"},
		{"comma", "jane,doe@example.com", "may not contain ','"},
		{"quoted local part", `"jane"@example.com`, "may not contain '\"'"},
		{"underscore in the domain", "jane@my_shop.example", "domain may not contain '_'"},
		{"address literal", "jane@[192.0.2.1]", "domain may not contain '['"},
		{"label starting with a hyphen", "jane@-shop.example", "may not start or end with a hyphen"},
		{"64-character label", "jane@" + strings.Repeat("a", 64) + ".com", "64 characters; at most 63"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := CheckEmail(tc.in)
			if err == nil {
				t.Fatalf("CheckEmail(%q) accepted it", tc.in)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("CheckEmail(%q) = %q, want it to say %q", tc.in, err, tc.want)
			}
		})
	}
}

// originOfLength is a valid origin of n characters (254 to 259), its host within 253.
func originOfLength(n int) string {
	return "https://" + strings.Repeat(strings.Repeat("a", 59)+".", 4) + strings.Repeat("b", n-254) + ":65535"
}

func TestSameEmail_cases(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"Dev.Ops@Example.com", "dev.ops@example.com", true},
		{"İstanbul@partner.example", strings.ToLower("İstanbul@partner.example"), true},
		{"JÖRG@BÜCHER.EXAMPLE", "jörg@bücher.example", true},
		{"\u212Aelvin@example.com", "kelvin@example.com", true},
		{"dev@example.com", "dev@example.co", false},
		{"a@example.com", "b@example.com", false},
	} {
		if got := SameEmail(c.a, c.b); got != c.want {
			t.Errorf("SameEmail(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestCheckEmail_maxEmailLength(t *testing.T) {
	t.Parallel()
	if err := CheckEmail(emailOfLength(MaxEmailLength)); err != nil {
		t.Errorf("an address of MaxEmailLength (%d) characters: %v", MaxEmailLength, err)
	}
	err := CheckEmail(emailOfLength(MaxEmailLength + 1))
	if want := fmt.Sprintf("at most %d are allowed", MaxEmailLength); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("an address of %d characters: %v, want an error saying %q", MaxEmailLength+1, err, want)
	}
	if want := fmt.Sprintf("at most %d characters", MaxEmailLength); !strings.Contains(EmailAllowed, want) {
		t.Errorf("EmailAllowed %q does not say %q", EmailAllowed, want)
	}
}
