package harness

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
)

// CheckLoopback refuses any base URL but an https:// one on a loopback IP address, without
// user information: the proof tools send thousands of requests, inject faults and make and
// destroy credentials, and Klarna forbids load testing its APIs. A host name is refused
// too, since a name may resolve anywhere.
func CheckLoopback(baseURL string) error {
	refuse := func(why string) error {
		return fmt.Errorf("refusing base URL %q: %s; the proof tools talk only to the in-repo mock API at "+
			"https://<loopback IP>:<port>, because Klarna forbids load testing its APIs", baseURL, why)
	}
	u, err := url.Parse(baseURL)
	if err != nil {
		return refuse("it is not a URL")
	}
	if u.Scheme != "https" {
		return refuse("it is not an https:// URL")
	}
	if u.User != nil {
		return refuse("it holds user information")
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return refuse("its host " + strconv.Quote(host) + " is not a loopback IP address")
	}
	return nil
}
