package mockapi

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
)

// maxHeaderBytes is the HTTP server's own limit on request headers, for HTTP/1.1 and (as
// the advertised header list size) HTTP/2. It is far above the contract's 20 KB so that
// the mock's own check answers 413 PAYLOAD_TOO_LARGE; only beyond it does Go's server
// answer 431 by itself.
const maxHeaderBytes = 4 << 20

// minReadHeaderTimeout keeps a short idle timeout (set for tests) from cutting TLS
// handshakes, which Go's server times with ReadHeaderTimeout.
const minReadHeaderTimeout = 10 * time.Second

// idleReader reads a request body, giving up when nothing arrives for idle.
type idleReader struct {
	body    io.Reader
	rc      *http.ResponseController
	idle    time.Duration
	timeout bool // the connection takes read deadlines
}

func (ir *idleReader) Read(p []byte) (int, error) {
	if ir.timeout {
		if err := ir.rc.SetReadDeadline(time.Now().Add(ir.idle)); err != nil {
			ir.timeout = false
		}
	}
	return ir.body.Read(p)
}

// readBody reads the whole body, at most 1 MB. A body that stops arriving for the idle
// timeout gets 500 TIMEOUT, as the API answers a request that stalls.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, reply, bool) {
	tooLarge := apiError(http.StatusRequestEntityTooLarge, errorTypeInput, codePayloadTooLarge,
		"the request body is larger than 1 MB")
	if r.ContentLength > apirules.MaxBodyBytes {
		return nil, tooLarge, false
	}
	rc := http.NewResponseController(w)
	ir := &idleReader{body: r.Body, rc: rc, idle: s.opts.IdleTimeout, timeout: true}
	body, err := io.ReadAll(io.LimitReader(ir, apirules.MaxBodyBytes+1))
	if errors.Is(err, os.ErrDeadlineExceeded) {
		// The deadline stays in the past: the server gives up on the rest of the body
		// (and, under HTTP/1.1, closes the connection after the reply) instead of
		// waiting for it.
		return nil, apiError(http.StatusInternalServerError, errorTypeTechnical, codeTimeout,
			"the request body stopped arriving for "+s.opts.IdleTimeout.String()), false
	}
	if ir.timeout {
		_ = rc.SetReadDeadline(time.Time{})
	}
	if err != nil {
		return nil, validationError("body", "the request body could not be read: "+err.Error()), false
	}
	if len(body) > apirules.MaxBodyBytes {
		return nil, tooLarge, false
	}
	return body, reply{}, true
}

// bufferControlBody reads a control-plane request's body under the same idle timeout and
// size limit as the API's, so that a stalled request to the control plane gets 500
// TIMEOUT too. It answers and returns false when the body is refused.
func (s *Server) bufferControlBody(w http.ResponseWriter, r *http.Request) bool {
	if r.Body == nil || r.Body == http.NoBody {
		return true
	}
	body, rep, ok := s.readBody(w, r)
	if !ok {
		writeControl(w, rep.status, rep.body)
		return false
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return true
}
