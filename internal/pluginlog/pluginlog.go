// Package pluginlog decides how much a provider process logs before it serves Terraform.
package pluginlog

import (
	"log"
	"os"
)

// requests are the environment variables with which a user asks Terraform for logs, a
// provider's included. Terraform passes its environment to every provider it starts.
var requests = []string{
	"TF_LOG", "TF_LOG_PATH", "TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK",
}

// levels are the plugin libraries' log-level variables.
var levels = []string{"TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"}

// SilenceUnread turns a provider's loggers off when the user asked for no logs at all, and
// reports whether it did. Terraform then discards every line a provider writes, but the
// plugin libraries would still format each one at TRACE and send it over to be thrown away.
// providerEnv is the provider's own prefix, e.g. TF_LOG_PROVIDER_KLARNA: a variable that
// starts with it is a request for logs too.
func SilenceUnread(providerEnv string) bool {
	for _, v := range requests {
		if os.Getenv(v) != "" {
			return false
		}
	}
	for _, kv := range os.Environ() {
		if len(kv) > len(providerEnv) && kv[:len(providerEnv)] == providerEnv {
			return false
		}
	}
	for _, v := range levels {
		if err := os.Setenv(v, "OFF"); err != nil {
			log.Printf("[WARN] could not set %s: %v", v, err)
			return false
		}
	}
	return true
}
