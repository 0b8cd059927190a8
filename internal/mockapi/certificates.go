package mockapi

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

func (s *Server) createCertificate(c *reqCtx) reply {
	var req createClientCertificateRequest
	if rep, ok := decodeStrict(c.body, &req); !ok {
		return rep
	}
	if req.Usage != apirules.UsageAPI && req.Usage != apirules.UsageJWTSigning {
		return validationError("usage", fmt.Sprintf("usage %q is not one of %s", req.Usage, strings.Join(apirules.Usages, ", ")))
	}
	if err := apirules.CheckText(req.Description); err != nil {
		return validationError("description", err.Error())
	}
	csr, err := pki.CheckCSR([]byte(req.CSR), c.target.id, req.Usage)
	if err != nil {
		var csrErr *pki.CSRError
		if errors.As(err, &csrErr) {
			return validationError("csr", csrErr.Reason)
		}
		return validationError("csr", err.Error())
	}
	if c.target.activeCertificates() >= apirules.MaxActiveCertificates {
		return conflict(codeCertificateLimitReached, fmt.Sprintf(
			"account %s already has %d ACTIVE certificates, the most allowed; revoke one to issue another",
			c.target.id, apirules.MaxActiveCertificates))
	}
	cert, err := s.ca.issue(csr, c.now, apirules.CertificateNotAfter(c.now))
	if err != nil {
		return apiError(http.StatusInternalServerError, errorTypeTechnical, codeInternal, err.Error())
	}
	rec := &certificate{
		id:          newUUID(),
		usage:       req.Usage,
		description: req.Description,
		status:      apirules.CertificateActive,
		cert:        cert.Raw,
		pem:         string(pki.EncodeCertificatePEM(cert.Raw)),
		serial:      pki.SerialHex(cert),
		fingerprint: pki.FingerprintSHA256(cert),
		cn:          cert.Subject.CommonName,
		notBefore:   cert.NotBefore.UTC(),
		notAfter:    cert.NotAfter.UTC(),
		createdAt:   c.now,
	}
	c.target.certs[rec.id] = rec
	if req.Usage == apirules.UsageAPI {
		c.target.mtlsEnabled = true
	}
	return reply{status: http.StatusCreated, body: rec.view()}
}

func (s *Server) listCertificates(c *reqCtx) reply {
	return reply{status: http.StatusOK, body: clientCertificateList{ClientCertificates: viewsOf(c.target.certs, (*certificate).view)}}
}

func (s *Server) getCertificate(c *reqCtx) reply {
	id := c.r.PathValue("id")
	cert := c.target.certs[id]
	if cert == nil {
		return notFound("client certificate", id)
	}
	return reply{status: http.StatusOK, body: cert.view()}
}

// revokeCertificate revokes an ACTIVE certificate; one already REVOKED or EXPIRED stays as
// it is. Like the API, it does not stop a caller from locking itself out.
func (s *Server) revokeCertificate(c *reqCtx) reply {
	id := c.r.PathValue("id")
	cert := c.target.certs[id]
	if cert == nil {
		return notFound("client certificate", id)
	}
	if cert.status == apirules.CertificateActive {
		cert.status = apirules.CertificateRevoked
	}
	return reply{status: http.StatusNoContent}
}

func (s *Server) getMTLS(c *reqCtx) reply {
	return reply{status: http.StatusOK, body: s.mtlsStatus(c.target, c.now)}
}

func (s *Server) enforceMTLS(c *reqCtx) reply {
	var req enforceMTLSRequest
	if rep, ok := decodeStrict(c.body, &req); !ok {
		return rep
	}
	from := c.now
	if req.EnforcedFrom != apirules.EnforceNow {
		t, err := time.Parse(time.RFC3339, req.EnforcedFrom)
		if err != nil {
			return validationError("enforced_from", fmt.Sprintf("%q is neither %q nor an RFC 3339 date-time", req.EnforcedFrom, apirules.EnforceNow))
		}
		if err := apirules.CheckEnforcedFrom(t, c.now); err != nil {
			return validationError("enforced_from", err.Error())
		}
		from = t.UTC().Truncate(time.Second)
	}
	if !c.target.activeAPICertificate() {
		return conflict(codeMTLSNotEnabled, fmt.Sprintf(
			"account %s has no ACTIVE API client certificate; issue one before enforcing mTLS", c.target.id))
	}
	c.target.enforced = &from
	return reply{status: http.StatusOK, body: s.mtlsStatus(c.target, c.now)}
}

func (s *Server) removeMTLS(c *reqCtx) reply {
	c.target.enforced = nil
	return reply{status: http.StatusNoContent}
}
