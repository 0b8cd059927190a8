package pki

import (
	"bytes"
	"encoding/pem"
	"fmt"
	"strings"
)

// PEM block types this package reads or writes.
const (
	BlockECPrivateKey          = "EC PRIVATE KEY"
	BlockPrivateKey            = "PRIVATE KEY"
	BlockECParameters          = "EC PARAMETERS"
	BlockCertificateRequest    = "CERTIFICATE REQUEST"
	BlockNewCertificateRequest = "NEW CERTIFICATE REQUEST"
	BlockCertificate           = "CERTIFICATE"
)

const pemBegin = "-----BEGIN "

// decodeAllPEM splits data into PEM blocks. Only white space may surround the blocks:
// text that is not PEM, a block that does not parse, or no block at all is an error that
// says what was found. what names the expected content for the messages.
func decodeAllPEM(data []byte, what string) ([]*pem.Block, error) {
	var blocks []*pem.Block
	rest := data
	for {
		trimmed := bytes.TrimLeft(rest, " \t\r\n")
		if len(trimmed) == 0 {
			break
		}
		offset := len(data) - len(trimmed)
		if !bytes.HasPrefix(trimmed, []byte(pemBegin)) {
			if len(blocks) == 0 {
				if bytes.Contains(trimmed, []byte(pemBegin)) {
					return nil, fmt.Errorf("found text that is not PEM before the first %q line; expected only %s", "-----BEGIN", what)
				}
				return nil, fmt.Errorf("found no PEM data (%s); expected %s", describeNonPEM(trimmed), what)
			}
			return nil, fmt.Errorf("found text that is not PEM at byte %d, after the %q block; expected only %s", offset, blocks[len(blocks)-1].Type, what)
		}
		block, next := pem.Decode(trimmed)
		// pem.Decode skips a malformed block and returns a later one; a consumed span that
		// holds more than one BEGIN line means that happened.
		if block == nil || bytes.Count(trimmed[:len(trimmed)-len(next)], []byte(pemBegin)) != 1 {
			return nil, fmt.Errorf("found a malformed PEM block at byte %d (%s); expected %s", offset, describeBeginLine(trimmed), what)
		}
		blocks = append(blocks, block)
		rest = next
	}
	if len(blocks) == 0 {
		return nil, fmt.Errorf("found no PEM data (the input is empty); expected %s", what)
	}
	return blocks, nil
}

// describeBeginLine quotes the first line of a block, cut short, for error messages.
func describeBeginLine(b []byte) string {
	line, _, _ := bytes.Cut(b, []byte("\n"))
	s := strings.TrimRight(string(line), "\r")
	if len(s) > 64 {
		s = s[:64] + "..."
	}
	return fmt.Sprintf("it starts with %q", s)
}

// describeNonPEM says what input that holds no PEM looks like.
func describeNonPEM(b []byte) string {
	if len(b) > 0 && b[0] == 0x30 {
		return "the input looks like binary DER; convert it to PEM"
	}
	s := string(b)
	if len(s) > 32 {
		s = s[:32] + "..."
	}
	return fmt.Sprintf("the input starts with %q", s)
}

// blockTypes lists the types of blocks for error messages.
func blockTypes(blocks []*pem.Block) string {
	names := make([]string, len(blocks))
	for i, b := range blocks {
		names[i] = fmt.Sprintf("%q", b.Type)
	}
	return strings.Join(names, ", ")
}
