package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"reflect"
	"strings"

	cs "github.com/cloudscale-ch/cloudscale-go-sdk/v6"
	v3 "github.com/exoscale/egoscale/v3"
	"github.com/exoscale/egoscale/v3/credentials"
)

// A request the project sent (recorded by a fake).
type sentRequest struct {
	Method string          `json:"method"`
	Path   string          `json:"path"` // with the API prefix, maybe a query
	Body   json.RawMessage `json:"body,omitempty"`
}

// egoscale's request type of each operation the project sends a body to.
var exoscaleRequestTypes = map[string]any{
	"CreateInstance":                   v3.CreateInstanceRequest{},
	"UpdateInstance":                   v3.UpdateInstanceRequest{},
	"ResizeInstanceDisk":               v3.ResizeInstanceDiskRequest{},
	"CreateSecurityGroup":              v3.CreateSecurityGroupRequest{},
	"AddRuleToSecurityGroup":           v3.AddRuleToSecurityGroupRequest{},
	"CreateAntiAffinityGroup":          v3.CreateAntiAffinityGroupRequest{},
	"CreatePrivateNetwork":             v3.CreatePrivateNetworkRequest{},
	"UpdatePrivateNetwork":             v3.UpdatePrivateNetworkRequest{},
	"AttachInstanceToPrivateNetwork":   v3.AttachInstanceToPrivateNetworkRequest{},
	"DetachInstanceFromPrivateNetwork": v3.DetachInstanceFromPrivateNetworkRequest{},
	"CreateElasticIP":                  v3.CreateElasticIPRequest{},
	"UpdateElasticIP":                  v3.UpdateElasticIPRequest{},
	"AttachInstanceToElasticIP":        v3.AttachInstanceToElasticIPRequest{},
	"DetachInstanceFromElasticIP":      v3.DetachInstanceFromElasticIPRequest{},
	"UpdateInstancePool":               v3.UpdateInstancePoolRequest{},
	"CreateSKSCluster":                 v3.CreateSKSClusterRequest{},
	"UpdateSKSCluster":                 v3.UpdateSKSClusterRequest{},
	"UpgradeSKSCluster":                v3.UpgradeSKSClusterRequest{},
	"GenerateSKSClusterKubeconfig":     v3.SKSKubeconfigRequest{},
	"CreateSKSNodepool":                v3.CreateSKSNodepoolRequest{},
	"UpdateSKSNodepool":                v3.UpdateSKSNodepoolRequest{},
	"ScaleSKSNodepool":                 v3.ScaleSKSNodepoolRequest{},
}

// cloudscale-go-sdk's request type per route of cloudscaleRoutes that takes a body.
var cloudscaleRequestTypes = map[string]any{
	"POST /servers":                                   cs.ServerRequest{},
	"PATCH /servers/{id}":                             cs.ServerUpdateRequest{},
	"POST /server-groups":                             cs.ServerGroupRequest{},
	"PATCH /server-groups/{id}":                       cs.ServerGroupRequest{},
	"POST /networks":                                  cs.NetworkCreateRequest{},
	"PATCH /networks/{id}":                            cs.NetworkUpdateRequest{},
	"POST /subnets":                                   cs.SubnetCreateRequest{},
	"PATCH /subnets/{id}":                             cs.SubnetUpdateRequest{},
	"POST /floating-ips":                              cs.FloatingIPCreateRequest{},
	"PATCH /floating-ips/{ip}":                        cs.FloatingIPUpdateRequest{},
	"POST /load-balancers":                            cs.LoadBalancerRequest{},
	"PATCH /load-balancers/{id}":                      cs.LoadBalancerRequest{},
	"POST /load-balancers/pools":                      cs.LoadBalancerPoolRequest{},
	"PATCH /load-balancers/pools/{id}":                cs.LoadBalancerPoolRequest{},
	"POST /load-balancers/pools/{pool}/members":       cs.LoadBalancerPoolMemberRequest{},
	"PATCH /load-balancers/pools/{pool}/members/{id}": cs.LoadBalancerPoolMemberRequest{},
	"POST /load-balancers/listeners":                  cs.LoadBalancerListenerRequest{},
	"PATCH /load-balancers/listeners/{id}":            cs.LoadBalancerListenerRequest{},
	"POST /load-balancers/health-monitors":            cs.LoadBalancerHealthMonitorRequest{},
	"PATCH /load-balancers/health-monitors/{id}":      cs.LoadBalancerHealthMonitorRequest{},
}

// requestsMain checks requests the project sent: the route exists (Exoscale:
// with that method, in the API's operations as egoscale has them), and the
// body decodes into the SDK's request type without unknown fields and
// passes the type's validation (egoscale: the OpenAPI constraints as
// validate tags: required, ranges, lengths).
func requestsMain(args []string) {
	fs := flag.NewFlagSet("requests", flag.ExitOnError)
	cloud := fs.String("cloud", "", "exoscale or cloudscale")
	routesFile := fs.String("routes", "", "exoscale: the route table written at build time (egoscale-routes.json)")
	fs.Parse(args)
	raw, err := io.ReadAll(os.Stdin)
	if err != nil {
		fatalUsage(err.Error())
	}
	var reqs []sentRequest
	if err := json.Unmarshal(raw, &reqs); err != nil {
		fatalUsage("requests: stdin is not a JSON list of {method, path, body}: " + err.Error())
	}
	report.Cloud = *cloud + " requests"
	switch *cloud {
	case "exoscale":
		if *routesFile == "" {
			fatalUsage("requests -cloud exoscale -routes FILE")
		}
		checkExoscaleRequests(reqs, loadRoutes(*routesFile))
	case "cloudscale":
		checkCloudscaleRequests(reqs)
	default:
		fatalUsage("requests -cloud exoscale|cloudscale")
	}
	finish()
}

func barePath(p, prefix string) string {
	u, err := url.Parse(p)
	if err == nil {
		p = u.Path
	}
	return strings.TrimPrefix(p, prefix)
}

func checkExoscaleRequests(reqs []sentRequest, routes []apiRoute) {
	client, err := v3.NewClient(credentials.NewStaticCredentials("EXOconformance", "unused"))
	if err != nil {
		fatalUsage(err.Error())
	}
	for _, r := range reqs {
		path := barePath(r.Path, "/v2")
		rt, methods := findRoute(routes, r.Method, path)
		if rt == nil {
			if len(methods) > 0 {
				problem("%s %s: the API has this path only with %s", r.Method, path, strings.Join(methods, ", "))
			} else {
				problem("%s %s: no such route in the API", r.Method, path)
			}
			continue
		}
		name := fmt.Sprintf("%s %s (%s)", r.Method, rt.Path, rt.Operation)
		report.Checked = append(report.Checked, name)
		if len(r.Body) == 0 {
			if rt.Request != "" {
				problem("%s: sent without a body; the API takes %s", name, rt.Request)
			}
			continue
		}
		proto, ok := exoscaleRequestTypes[rt.Operation]
		if !ok {
			problem("%s: sent a body, and the conformance suite knows no request type for it (the API's is %q)", name, rt.Request)
			continue
		}
		v := reflect.New(reflect.TypeOf(proto))
		if err := strictDecode(r.Body, v.Interface()); err != nil {
			problem("%s: body %s does not fit %s: %v", name, r.Body, rt.Request, err)
			continue
		}
		if err := client.Validate(v.Elem().Interface()); err != nil {
			problem("%s: body %s: %v", name, r.Body, err)
		}
	}
}

func checkCloudscaleRequests(reqs []sentRequest) {
	rec := &recorder{routes: cloudscaleRoutes}
	for _, r := range reqs {
		path := barePath(r.Path, "/v1")
		rt := rec.match(r.Method, path)
		if rt == nil {
			problem("%s %s: a route the SDK's services do not have", r.Method, path)
			continue
		}
		report.Checked = append(report.Checked, rt.name)
		if len(r.Body) == 0 {
			continue
		}
		proto, ok := cloudscaleRequestTypes[rt.name]
		if !ok {
			problem("%s: sent a body, and the SDK sends none there", rt.name)
			continue
		}
		if err := strictDecode(r.Body, reflect.New(reflect.TypeOf(proto)).Interface()); err != nil {
			problem("%s: body %s does not fit the SDK's %T: %v", rt.name, r.Body, proto, err)
		}
	}
}
