package provider

import (
	"context"
	"crypto/ecdsa"
	"crypto/x509"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/jwt"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/krn"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

// signer is a JWT_SIGNING certificate with its private key: the identity that signs the
// JWTs of portal deep links and user access.
type signer struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

// parseSigner parses a signing certificate and key and checks that they belong together.
// It says separately what is wrong with each, so that the right attribute can be named.
func parseSigner(certPEM, keyPEM string) (s *signer, certErr, keyErr error) {
	if certPEM == "" {
		certErr = errors.New("a signing certificate is required with the signing private key")
	}
	if keyPEM == "" {
		keyErr = errors.New("a signing private key is required with the signing certificate")
	}
	var cert *x509.Certificate
	var key *ecdsa.PrivateKey
	if certPEM != "" {
		if cert, certErr = pki.ParseCertificatePEM([]byte(certPEM)); certErr == nil && !isP256(cert) {
			certErr = errors.New("the signing certificate's key is not ECDSA P-256, so it cannot be a Klarna " + apirules.UsageJWTSigning + " certificate")
		}
	}
	if keyPEM != "" {
		key, keyErr = pki.ParsePrivateKeyPEM([]byte(keyPEM))
	}
	if certErr != nil || keyErr != nil {
		return nil, certErr, keyErr
	}
	if !pki.SamePublicKey(cert.PublicKey, key.Public()) {
		return nil, nil, fmt.Errorf("the private key does not belong to the signing certificate (SHA-256 %s)", pki.FingerprintSHA256(cert))
	}
	return &signer{cert: cert, key: key}, nil, nil
}

func isP256(cert *x509.Certificate) bool {
	pub, ok := cert.PublicKey.(*ecdsa.PublicKey)
	return ok && pub.Curve.Params().Name == "P-256"
}

// checkSigner verifies with the API that the certificate is an ACTIVE JWT_SIGNING
// certificate of the provider's own account, the only kind Klarna accepts in x5c. The
// answer is kept for the provider's lifetime.
func (d *providerData) checkSigner(ctx context.Context, s *signer) error {
	own, err := d.ownAccountID(ctx)
	if err != nil {
		return err
	}
	a, err := krn.Parse(own)
	if err != nil {
		return err
	}
	if cn := s.cert.Subject.CommonName; cn != a.CommonName() {
		return fmt.Errorf("the signing certificate's CN %q is not %q: it is not a certificate of the provider's account %s", cn, a.CommonName(), own)
	}
	fp := pki.FingerprintSHA256(s.cert)
	d.mu.Lock()
	ok := d.checked[fp]
	d.mu.Unlock()
	if ok {
		return nil
	}
	certs, err := d.client.ListClientCertificates(ctx, "")
	if err != nil {
		return fmt.Errorf("looking the signing certificate up: %w", err)
	}
	for _, c := range certs {
		if c.FingerprintSHA256 != fp {
			continue
		}
		switch {
		case c.Usage != apirules.UsageJWTSigning:
			return fmt.Errorf("the signing certificate %s is an %s certificate; portal JWTs need a "+apirules.UsageJWTSigning+" certificate", c.CertificateID, c.Usage)
		case c.Status != apirules.CertificateActive:
			return fmt.Errorf("the signing certificate %s is %s; issue a new "+apirules.UsageJWTSigning+" certificate", c.CertificateID, c.Status)
		}
		d.mu.Lock()
		if d.checked == nil {
			d.checked = map[string]bool{}
		}
		d.checked[fp] = true
		d.mu.Unlock()
		return nil
	}
	return fmt.Errorf("the signing certificate (SHA-256 %s) is not a certificate of the provider's account %s", fp, own)
}

// portalClaims is what a portal JWT says besides its issuer, ID and times.
type portalClaims struct {
	email, accountID, onBehalfOf string
	roles, amr                   []string
	lifetime                     time.Duration
}

// signedJWT is a signed portal JWT and what a caller may show of it.
type signedJWT struct {
	token     string
	jti       string
	expiresAt time.Time
}

// signPortalJWT signs a fresh JWT (new jti, iat now) for the provider's own account.
func (d *providerData) signPortalJWT(ctx context.Context, s *signer, c portalClaims) (signedJWT, error) {
	iss, err := d.ownAccountID(ctx)
	if err != nil {
		return signedJWT{}, err
	}
	now := d.now(ctx).Truncate(time.Second)
	claims := jwt.Claims{
		Issuer:     iss,
		Subject:    c.email,
		ID:         uuid.NewString(),
		IssuedAt:   now.Unix(),
		Expiry:     now.Add(c.lifetime).Unix(),
		AccountID:  c.accountID,
		OnBehalfOf: c.onBehalfOf,
		Roles:      c.roles,
		AMR:        c.amr,
	}
	token, err := jwt.Sign(claims, s.cert, s.key)
	if err != nil {
		return signedJWT{}, err
	}
	return signedJWT{token: token, jti: claims.ID, expiresAt: now.Add(c.lifetime)}, nil
}

// resolveSigner is the signing identity given as certificate and key attributes, or else the
// provider's portal_signing; it is checked with the API before use. Empty paths mean the
// caller has no signing attributes of its own.
func resolveSigner(ctx context.Context, data *providerData, certPEM, keyPEM types.String, certPath, keyPath path.Path, diags *diag.Diagnostics) *signer {
	if certPEM.IsNull() && keyPEM.IsNull() {
		if data.signer == nil {
			alternative := ""
			if !certPath.Equal(path.Empty()) {
				alternative = ", or give " + certPath.String() + " and " + keyPath.String()
			}
			diags.AddError("No signing identity for portal JWTs",
				"Portal access is granted with JWTs signed by a "+apirules.UsageJWTSigning+" certificate of the provider's account. Configure the "+
					"provider's portal_signing block (or the "+envSigningCert+" and "+envSigningKey+" environment variables)"+alternative+".")
			return nil
		}
		if err := data.checkSigner(ctx, data.signer); err != nil {
			diags.AddError("Invalid signing identity", "The provider's portal_signing.certificate_pem: "+klarna.Redact(err.Error()))
			return nil
		}
		return data.signer
	}
	s, certErr, keyErr := parseSigner(certPEM.ValueString(), keyPEM.ValueString())
	if certErr != nil {
		diags.AddAttributeError(certPath, "Invalid signing certificate", certErr.Error())
	}
	if keyErr != nil {
		diags.AddAttributeError(keyPath, "Invalid signing private key", keyErr.Error())
	}
	if s == nil {
		return nil
	}
	if err := data.checkSigner(ctx, s); err != nil {
		diags.AddAttributeError(certPath, "Invalid signing certificate", klarna.Redact(err.Error()))
		return nil
	}
	return s
}
