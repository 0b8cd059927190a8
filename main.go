// Command terraform-provider-klarna serves the Klarna provider to Terraform.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/partnerops/terraform-provider-klarna/internal/pluginlog"
	"github.com/partnerops/terraform-provider-klarna/internal/provider"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	pluginlog.SilenceUnread("TF_LOG_PROVIDER_KLARNA")
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/partnerops/klarna",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
