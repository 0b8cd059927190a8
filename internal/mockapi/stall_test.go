package mockapi_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

// rawConn opens a TLS connection to the mock that speaks HTTP/1.1 only.
func (m *mock) rawConn(t *testing.T) net.Conn {
	t.Helper()
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(m.CACertificatePEM())
	d := tls.Dialer{Config: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12, NextProtos: []string{"http/1.1"}}}
	c, err := d.DialContext(t.Context(), "tcp", strings.TrimPrefix(m.URL, "https://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// rawWait is how long readRaw waits for a response.
const rawWait = 20 * time.Second

// readRaw reads one response from a raw connection, failing the test after rawWait.
func readRaw(t *testing.T, c net.Conn) resp {
	t.Helper()
	if err := c.SetReadDeadline(time.Now().Add(rawWait)); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("no response within %s: %v", rawWait, err)
	}
	defer func() { _ = res.Body.Close() }()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp{status: res.StatusCode, header: res.Header, body: body}
}

func (r resp) wantTimeout(t *testing.T) {
	t.Helper()
	r.wantError(t, http.StatusInternalServerError, klarna.ErrorTypeTechnical, klarna.CodeTimeout)
}

func TestStalledRequest_timesOutOverHTTP1(t *testing.T) {
	t.Parallel()
	const idle = time.Second
	m := start(t, mockapi.Options{IdleTimeout: idle})
	keys := func() int { return len(m.state(t)[m.b.AccountID].APIKeys) }
	before := keys()
	head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: mock\r\nAuthorization: Basic %s\r\nContent-Type: application/json\r\nContent-Length: %%d\r\n\r\n", pathAPIKey, m.b.APIKey)

	t.Run("body never finished", func(t *testing.T) {
		t.Parallel()
		c := m.rawConn(t)
		start := time.Now()
		if _, err := fmt.Fprintf(c, head+`{"descr`, 40); err != nil {
			t.Fatal(err)
		}
		r := readRaw(t, c)
		r.wantTimeout(t)
		if took := time.Since(start); took < idle {
			t.Fatalf("TIMEOUT after %s, before the idle timeout %s", took, idle)
		}
	})
	t.Run("body never started", func(t *testing.T) {
		t.Parallel()
		c := m.rawConn(t)
		if _, err := fmt.Fprintf(c, head, 40); err != nil {
			t.Fatal(err)
		}
		readRaw(t, c).wantTimeout(t)
	})
	t.Run("a slow body that keeps arriving is served", func(t *testing.T) {
		t.Parallel()
		c := m.rawConn(t)
		body := `{"description":"slow"}`
		if _, err := fmt.Fprintf(c, head, len(body)); err != nil {
			t.Fatal(err)
		}
		for _, part := range []string{body[:5], body[5:12], body[12:]} {
			time.Sleep(idle * 2 / 5)
			if _, err := io.WriteString(c, part); err != nil {
				t.Fatal(err)
			}
		}
		readRaw(t, c).wantStatus(t, http.StatusCreated)
	})
	t.Cleanup(func() {
		if got := keys(); got != before+1 {
			t.Errorf("%d keys, want %d: only the slow but complete request creates one", got, before+1)
		}
	})
}

func TestStalledRequest_timesOutOnTheControlPlane(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{IdleTimeout: time.Second})
	c := m.rawConn(t)
	if _, err := io.WriteString(c, "POST /_mock/clock HTTP/1.1\r\nHost: mock\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"adv"); err != nil {
		t.Fatal(err)
	}
	r := readRaw(t, c)
	r.wantStatus(t, http.StatusInternalServerError)
	var eb klarna.ErrorBody
	r.decode(t, &eb)
	if eb.ErrorCode != klarna.CodeTimeout {
		t.Fatalf("body %s, want %s", r.body, klarna.CodeTimeout)
	}
	m.control(t, http.MethodPost, "/_mock/clock", map[string]string{"advance": "1h"}).wantStatus(t, http.StatusOK)
}

func TestStalledRequest_timesOutOverHTTP2(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{IdleTimeout: time.Second})
	pr, pw := io.Pipe()
	t.Cleanup(func() { _ = pw.Close() })
	go func() { _, _ = io.WriteString(pw, `{"descr`) }() // and then nothing
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, m.URL+pathAPIKey, pr)
	if err != nil {
		t.Fatal(err)
	}
	hr.Header.Set("Authorization", "Basic "+m.b.APIKey)
	hr.Header.Set("Content-Type", "application/json")
	res, err := m.client.Do(hr)
	if err != nil {
		t.Fatalf("no response: %v", err)
	}
	defer func() { _ = res.Body.Close() }()
	if res.ProtoMajor != 2 {
		t.Fatalf("protocol %s, want HTTP/2", res.Proto)
	}
	body, _ := io.ReadAll(res.Body)
	resp{status: res.StatusCode, header: res.Header, body: body}.wantTimeout(t)
}

// headers of n bytes in all, in fields of at most 5 KB each.
func fillerHeaders(n int) map[string]string {
	h := map[string]string{}
	for i := 0; n > 0; i++ {
		size := min(n, 5<<10)
		h[fmt.Sprintf("X-Filler-%d", i)] = strings.Repeat("a", size)
		n -= size
	}
	return h
}

func TestHeaderSizes_payloadTooLargeOverHTTP1AndHTTP2(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	sizes := []struct {
		name    string
		headers map[string]string
	}{
		{"just over 20 KB", fillerHeaders(21 << 10)},
		{"64 KB", fillerHeaders(64 << 10)},
		{"100 KB", fillerHeaders(100 << 10)},
		{"1 MB", fillerHeaders(1 << 20)},
		{"one header of 100 KB", map[string]string{"X-Filler": strings.Repeat("a", 100<<10)}},
	}
	for _, tc := range sizes {
		t.Run(tc.name+" over HTTP/1.1", func(t *testing.T) {
			t.Parallel()
			c := m.rawConn(t)
			var b strings.Builder
			fmt.Fprintf(&b, "GET /v2/account HTTP/1.1\r\nHost: mock\r\nAuthorization: Basic %s\r\n", m.b.APIKey)
			for k, v := range tc.headers {
				fmt.Fprintf(&b, "%s: %s\r\n", k, v)
			}
			b.WriteString("\r\n")
			if _, err := io.WriteString(c, b.String()); err != nil {
				t.Fatal(err)
			}
			readRaw(t, c).wantError(t, http.StatusRequestEntityTooLarge, klarna.ErrorTypeInput, klarna.CodePayloadTooLarge)
		})
		t.Run(tc.name+" over HTTP/2", func(t *testing.T) {
			t.Parallel()
			hr, err := http.NewRequestWithContext(t.Context(), http.MethodGet, m.URL+"/v2/account", nil)
			if err != nil {
				t.Fatal(err)
			}
			hr.Header.Set("Authorization", "Basic "+m.b.APIKey)
			for k, v := range tc.headers {
				hr.Header.Set(k, v)
			}
			res, err := m.client.Do(hr)
			if err != nil {
				t.Fatalf("no response: %v", err)
			}
			defer func() { _ = res.Body.Close() }()
			if res.ProtoMajor != 2 {
				t.Fatalf("protocol %s, want HTTP/2", res.Proto)
			}
			var eb klarna.ErrorBody
			_ = json.NewDecoder(res.Body).Decode(&eb)
			if res.StatusCode != http.StatusRequestEntityTooLarge || eb.ErrorCode != klarna.CodePayloadTooLarge {
				t.Fatalf("status %d %+v, want 413 %s", res.StatusCode, eb, klarna.CodePayloadTooLarge)
			}
		})
	}
}
