package main

import (
	"context"
	"flag"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cenkalti/backoff/v5"
	cs "github.com/cloudscale-ch/cloudscale-go-sdk/v6"
)

// The cloudscale routes the project's providers call (components/clouds/cloudscale/providers/*.ts,
// lb-queue.ts, lb-parts.ts, and the failover notify script), most specific
// first, each with the SDK type its answer decodes into.
var cloudscaleRoutes = []route{
	routeOf("GET", "/load-balancers/pools/{pool}/members/{id}", cs.LoadBalancerPoolMember{}),
	routeOf("PATCH", "/load-balancers/pools/{pool}/members/{id}", nil),
	routeOf("DELETE", "/load-balancers/pools/{pool}/members/{id}", nil),
	routeOf("GET", "/load-balancers/pools/{pool}/members", []cs.LoadBalancerPoolMember{}),
	routeOf("POST", "/load-balancers/pools/{pool}/members", cs.LoadBalancerPoolMember{}),
	routeOf("GET", "/load-balancers/pools", []cs.LoadBalancerPool{}),
	routeOf("POST", "/load-balancers/pools", cs.LoadBalancerPool{}),
	routeOf("GET", "/load-balancers/pools/{id}", cs.LoadBalancerPool{}),
	routeOf("PATCH", "/load-balancers/pools/{id}", nil),
	routeOf("DELETE", "/load-balancers/pools/{id}", nil),
	routeOf("GET", "/load-balancers/listeners", []cs.LoadBalancerListener{}),
	routeOf("POST", "/load-balancers/listeners", cs.LoadBalancerListener{}),
	routeOf("GET", "/load-balancers/listeners/{id}", cs.LoadBalancerListener{}),
	routeOf("PATCH", "/load-balancers/listeners/{id}", nil),
	routeOf("DELETE", "/load-balancers/listeners/{id}", nil),
	routeOf("GET", "/load-balancers/health-monitors", []cs.LoadBalancerHealthMonitor{}),
	routeOf("POST", "/load-balancers/health-monitors", cs.LoadBalancerHealthMonitor{}),
	routeOf("GET", "/load-balancers/health-monitors/{id}", cs.LoadBalancerHealthMonitor{}),
	routeOf("PATCH", "/load-balancers/health-monitors/{id}", nil),
	routeOf("DELETE", "/load-balancers/health-monitors/{id}", nil),
	routeOf("GET", "/load-balancers", []cs.LoadBalancer{}),
	routeOf("POST", "/load-balancers", cs.LoadBalancer{}),
	routeOf("GET", "/load-balancers/{id}", cs.LoadBalancer{}),
	routeOf("PATCH", "/load-balancers/{id}", nil),
	routeOf("DELETE", "/load-balancers/{id}", nil),
	routeOf("POST", "/servers/{id}/stop", nil),
	routeOf("POST", "/servers/{id}/start", nil),
	routeOf("GET", "/servers", []cs.Server{}),
	routeOf("POST", "/servers", cs.Server{}),
	routeOf("GET", "/servers/{id}", cs.Server{}),
	routeOf("PATCH", "/servers/{id}", nil),
	routeOf("DELETE", "/servers/{id}", nil),
	routeOf("GET", "/server-groups", []cs.ServerGroup{}),
	routeOf("POST", "/server-groups", cs.ServerGroup{}),
	routeOf("GET", "/server-groups/{id}", cs.ServerGroup{}),
	routeOf("PATCH", "/server-groups/{id}", nil),
	routeOf("DELETE", "/server-groups/{id}", nil),
	routeOf("GET", "/networks", []cs.Network{}),
	routeOf("POST", "/networks", cs.Network{}),
	routeOf("GET", "/networks/{id}", cs.Network{}),
	routeOf("PATCH", "/networks/{id}", nil),
	routeOf("DELETE", "/networks/{id}", nil),
	routeOf("GET", "/subnets", []cs.Subnet{}),
	routeOf("POST", "/subnets", cs.Subnet{}),
	routeOf("GET", "/subnets/{id}", cs.Subnet{}),
	routeOf("PATCH", "/subnets/{id}", nil),
	routeOf("DELETE", "/subnets/{id}", nil),
	routeOf("GET", "/floating-ips", []cs.FloatingIP{}),
	routeOf("POST", "/floating-ips", cs.FloatingIP{}),
	routeOf("GET", "/floating-ips/{ip}", cs.FloatingIP{}),
	routeOf("PATCH", "/floating-ips/{ip}", nil),
	routeOf("DELETE", "/floating-ips/{ip}", nil),
}

// What the SDK's response types leave to the API beyond omitempty and
// pointers (none so far: the fake sends every field the SDK has).
var cloudscaleOptional = map[string]bool{}

func cloudscaleMain(args []string) {
	fs := flag.NewFlagSet("cloudscale", flag.ExitOnError)
	apiURL := fs.String("url", "", "the API's base URL, e.g. http://127.0.0.1:1234/v1")
	token := fs.String("token", "", "API token")
	fs.Parse(args)
	u, err := url.Parse(*apiURL)
	if err != nil || *apiURL == "" || *token == "" {
		fatalUsage("cloudscale -url URL -token TOKEN")
	}
	prefix := strings.TrimSuffix(u.Path, "/")
	rec := &recorder{
		next:   http.DefaultTransport,
		prefix: prefix,
		routes: cloudscaleRoutes,
		rules:  shapeRules{requireNonOmitempty: true, optional: cloudscaleOptional},
		auth:   "Bearer " + *token,
	}
	client := cs.NewClient(&http.Client{Transport: rec, Timeout: 30 * time.Second})
	base := *u
	base.Path = strings.TrimSuffix(prefix, "v1") // the SDK's paths start with "v1/"
	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
	}
	client.BaseURL = &base
	run("cloudscale", func() {
		cloudscaleScenario(context.Background(), client)
		for _, r := range rec.unexercised() {
			problem("%s: the project calls it, the scenario never did", r)
		}
	})
}

// fast is the SDK's own WaitFor with a short poll (its default is every 2 s).
var fast = backoff.WithBackOff(backoff.NewConstantBackOff(20 * time.Millisecond))

func ptr[T any](v T) *T { return &v }

func tags(id string) *cs.TagMap { return &cs.TagMap{"dualstack-id": "conformance/sdk/" + id} }

// The project's intents, through the SDK (test/integration/conformance/project-scenario.ts does the same through the providers).
func cloudscaleScenario(ctx context.Context, c *cs.Client) {
	step("server group: create, rename, tags")
	group := must(c.ServerGroups.Create(ctx, &cs.ServerGroupRequest{
		ZonalResourceRequest: cs.ZonalResourceRequest{Zone: "lpg1"}, TaggedResourceRequest: cs.TaggedResourceRequest{Tags: tags("group")},
		Name: "web-group", Type: "anti-affinity",
	}))
	expect(group.UUID != "" && group.Type == "anti-affinity" && group.Zone.Slug == "lpg1", "server group: created %+v", group)
	check(c.ServerGroups.Update(ctx, group.UUID, &cs.ServerGroupRequest{Name: "web-group-2"}))
	check(c.ServerGroups.Update(ctx, group.UUID, &cs.ServerGroupRequest{TaggedResourceRequest: cs.TaggedResourceRequest{Tags: tags("group")}}))
	groupsByTag := must(c.ServerGroups.List(ctx, cs.WithTagFilter(cs.TagMap{"dualstack-id": "conformance/sdk/group"})))
	expect(len(groupsByTag) == 1 && groupsByTag[0].Name == "web-group-2", "server group: listed by tag %+v", groupsByTag)

	step("network without the automatic subnet: create, name, mtu, tags")
	network := must(c.Networks.Create(ctx, &cs.NetworkCreateRequest{
		ZonalResourceRequest: cs.ZonalResourceRequest{Zone: "lpg1"}, TaggedResourceRequest: cs.TaggedResourceRequest{Tags: tags("net")},
		Name: "private", MTU: 9000, AutoCreateIPV4Subnet: ptr(false),
	}))
	expect(len(network.Subnets) == 0, "network: auto_create_ipv4_subnet false still made subnets %+v", network.Subnets)
	check(c.Networks.Update(ctx, network.UUID, &cs.NetworkUpdateRequest{Name: "private-2"}))
	check(c.Networks.Update(ctx, network.UUID, &cs.NetworkUpdateRequest{MTU: 1500}))
	check(c.Networks.Update(ctx, network.UUID, &cs.NetworkUpdateRequest{TaggedResourceRequest: cs.TaggedResourceRequest{Tags: tags("net")}}))
	n := must(c.Networks.Get(ctx, network.UUID))
	expect(n.Name == "private-2" && n.MTU == 1500, "network: after updates %+v", n)

	step("subnet: create, gateway, DNS servers")
	subnet := must(c.Subnets.Create(ctx, &cs.SubnetCreateRequest{
		TaggedResourceRequest: cs.TaggedResourceRequest{Tags: tags("subnet")},
		CIDR:                  "10.50.0.0/24", Network: network.UUID, GatewayAddress: "10.50.0.1", DNSServers: &[]string{"9.9.9.9"},
	}))
	expect(subnet.Network.UUID == network.UUID && subnet.CIDR == "10.50.0.0/24", "subnet: created %+v", subnet)
	check(c.Subnets.Update(ctx, subnet.UUID, &cs.SubnetUpdateRequest{GatewayAddress: "10.50.0.254"}))
	check(c.Subnets.Update(ctx, subnet.UUID, &cs.SubnetUpdateRequest{DNSServers: &[]string{"9.9.9.9", "149.112.112.112"}}))
	sn := must(c.Subnets.Get(ctx, subnet.UUID))
	expect(sn.GatewayAddress == "10.50.0.254" && len(sn.DNSServers) == 2, "subnet: after updates %+v", sn)

	step("server, public IPv4 + IPv6 (use_public_network, use_ipv6), in the group")
	// ServerRequest's own Zone field: it hides the embedded ZonalResourceRequest's (same JSON name, shallower).
	s1 := must(c.Servers.Create(ctx, &cs.ServerRequest{
		Zone: "lpg1", TaggedResourceRequest: cs.TaggedResourceRequest{Tags: tags("node-1")},
		Name: "node-1", Flavor: "flex-4-2", Image: "debian-12", VolumeSizeGB: 10, SSHKeys: []string{"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIConformance"},
		UserData: "#cloud-config\n", UseIPV6: ptr(true), UsePublicNetwork: ptr(true), UsePrivateNetwork: ptr(false), ServerGroups: []string{group.UUID},
	}))
	s1 = must(c.Servers.WaitFor(ctx, s1.UUID, cs.ServerIsRunning, fast))
	v4, v6 := publicAddresses(s1)
	expect(v4 != "" && v6 != "", "server: public interface without both families: %+v", s1.Interfaces)
	expect(s1.Zone.Slug == "lpg1", "server: zone %q", s1.Zone.Slug)
	expect(len(s1.ServerGroups) == 1 && s1.ServerGroups[0].UUID == group.UUID, "server: server_groups %+v", s1.ServerGroups)
	g := must(c.ServerGroups.Get(ctx, group.UUID))
	expect(len(g.Servers) == 1 && g.Servers[0].UUID == s1.UUID, "server group: servers %+v, want %s", g.Servers, s1.UUID)

	step("server with explicit interfaces: public + a fixed address on the private subnet")
	s2 := must(c.Servers.Create(ctx, &cs.ServerRequest{
		Zone: "lpg1", TaggedResourceRequest: cs.TaggedResourceRequest{Tags: tags("node-2")},
		Name: "node-2", Flavor: "flex-4-2", Image: "debian-12", VolumeSizeGB: 10, SSHKeys: []string{}, UseIPV6: ptr(true),
		Interfaces: &[]cs.InterfaceRequest{{Network: "public"}, {Addresses: &[]cs.AddressRequest{{Subnet: subnet.UUID, Address: "10.50.0.12"}}}},
	}))
	s2 = must(c.Servers.WaitFor(ctx, s2.UUID, cs.ServerIsRunning, fast))
	private := ""
	for _, i := range s2.Interfaces {
		if i.Type == "private" {
			expect(i.Network.UUID == network.UUID, "server: private interface on network %q, want %q", i.Network.UUID, network.UUID)
			for _, a := range i.Addresses {
				private = a.Address
				expect(a.Subnet.UUID == subnet.UUID, "server: private address in subnet %q, want %q", a.Subnet.UUID, subnet.UUID)
			}
		}
	}
	expect(private == "10.50.0.12", "server: private address %q, want 10.50.0.12", private)

	step("server: rename, tags, flavor change (stop, PATCH flavor, start)")
	check(c.Servers.Update(ctx, s1.UUID, &cs.ServerUpdateRequest{Name: "node-1b"}))
	check(c.Servers.Update(ctx, s1.UUID, &cs.ServerUpdateRequest{TaggedResourceRequest: cs.TaggedResourceRequest{Tags: &cs.TagMap{"dualstack-id": "conformance/sdk/node-1", "team": "edge"}}}))
	check(c.Servers.Stop(ctx, s1.UUID))
	must(c.Servers.WaitFor(ctx, s1.UUID, cs.ServerIsStopped, fast))
	err := c.Servers.Update(ctx, s1.UUID, &cs.ServerUpdateRequest{Flavor: "flex-8-2", Name: "node-1c"})
	if e, ok := err.(*cs.ErrorResponse); !ok || e.StatusCode != 400 || !strings.Contains(e.Error(), "To keep changes atomic") {
		problem("server: a PATCH of flavor + name was not refused with 400 \"To keep changes atomic\" (the SDK's tests expect it of the API): %v", err)
	}
	check(c.Servers.Update(ctx, s1.UUID, &cs.ServerUpdateRequest{Flavor: "flex-8-2"}))
	stopped := must(c.Servers.WaitFor(ctx, s1.UUID, cs.ServerIsStopped, fast))
	expect(stopped.Flavor.Slug == "flex-8-2", "server: flavor %q after rescale", stopped.Flavor.Slug)
	check(c.Servers.Start(ctx, s1.UUID))
	s1 = must(c.Servers.WaitFor(ctx, s1.UUID, cs.ServerIsRunning, fast))
	expect(s1.Name == "node-1b" && s1.Tags["team"] == "edge", "server: name/tags after updates %q %v", s1.Name, s1.Tags)

	step("floating IPs: v4 /32, v6 /128, v6 /56; move, reverse PTR, delete")
	f4 := must(c.FloatingIPs.Create(ctx, &cs.FloatingIPCreateRequest{
		RegionalResourceRequest: cs.RegionalResourceRequest{Region: "lpg"}, TaggedResourceRequest: cs.TaggedResourceRequest{Tags: tags("vip4")},
		IPVersion: 4, Server: s1.UUID, Type: "regional",
	}))
	f6 := must(c.FloatingIPs.Create(ctx, &cs.FloatingIPCreateRequest{
		TaggedResourceRequest: cs.TaggedResourceRequest{Tags: tags("vip6")}, IPVersion: 6, Server: s1.UUID, Type: "regional",
	}))
	f56 := must(c.FloatingIPs.Create(ctx, &cs.FloatingIPCreateRequest{
		RegionalResourceRequest: cs.RegionalResourceRequest{Region: "lpg"}, TaggedResourceRequest: cs.TaggedResourceRequest{Tags: tags("net56")},
		IPVersion: 6, Server: s1.UUID, Type: "regional", PrefixLength: 56,
	}))
	expect(strings.HasSuffix(f4.Network, "/32") && f4.IPVersion == 4, "floating IP v4: %+v", f4)
	expect(strings.HasSuffix(f6.Network, "/128") && f6.IPVersion == 6, "floating IP v6: %+v", f6)
	expect(strings.HasSuffix(f56.Network, "/56"), "floating IP /56: %+v", f56)
	expect(f4.Server != nil && f4.Server.UUID == s1.UUID && f4.NextHop == v4, "floating IP v4: server/next hop %+v (want next hop %s)", f4, v4)
	expect(f6.NextHop == v6, "floating IP v6: next hop %q, want %q", f6.NextHop, v6)
	for _, f := range []*cs.FloatingIP{f4, f6, f56} {
		check(c.FloatingIPs.Update(ctx, f.IP(), &cs.FloatingIPUpdateRequest{Server: s2.UUID}))
		moved := must(c.FloatingIPs.Get(ctx, f.IP()))
		expect(moved.Server != nil && moved.Server.UUID == s2.UUID, "floating IP %s: not moved to %s: %+v", f.IP(), s2.UUID, moved.Server)
	}
	check(c.FloatingIPs.Update(ctx, f6.IP(), &cs.FloatingIPUpdateRequest{ReversePointer: "ingress.example.com"}))
	check(c.FloatingIPs.Update(ctx, f6.IP(), &cs.FloatingIPUpdateRequest{TaggedResourceRequest: cs.TaggedResourceRequest{Tags: tags("vip6")}}))
	expect(must(c.FloatingIPs.Get(ctx, f6.IP())).ReversePointer == "ingress.example.com", "floating IP v6: reverse PTR not kept")
	expect(len(must(c.FloatingIPs.List(ctx, cs.WithTagFilter(cs.TagMap{"dualstack-id": "conformance/sdk/vip4"})))) == 1, "floating IP: not found by tag")

	step("load balancer (public VIPs and a private one), pool, member, listener, health monitor; updates; delete")
	lb := must(c.LoadBalancers.Create(ctx, &cs.LoadBalancerRequest{
		ZonalResourceRequest: cs.ZonalResourceRequest{Zone: "lpg1"}, TaggedResourceRequest: cs.TaggedResourceRequest{Tags: tags("lb")},
		Name: "ingress", Flavor: "lb-standard",
	}))
	lb = waitLB(ctx, c, lb.UUID)
	families := map[int]bool{}
	for _, v := range lb.VIPAddresses {
		families[v.Version] = true
	}
	expect(families[4] && families[6], "load balancer: public VIPs %+v, want IPv4 and IPv6", lb.VIPAddresses)
	privLB := must(c.LoadBalancers.Create(ctx, &cs.LoadBalancerRequest{
		ZonalResourceRequest: cs.ZonalResourceRequest{Zone: "lpg1"}, TaggedResourceRequest: cs.TaggedResourceRequest{Tags: tags("lb-private")},
		Name: "internal", Flavor: "lb-standard", VIPAddresses: &[]cs.VIPAddressRequest{{Subnet: subnet.UUID, Address: "10.50.0.5"}},
	}))
	privLB = waitLB(ctx, c, privLB.UUID)
	expect(len(privLB.VIPAddresses) == 1 && privLB.VIPAddresses[0].Address == "10.50.0.5" && privLB.VIPAddresses[0].Subnet.UUID == subnet.UUID, "load balancer: private VIP %+v", privLB.VIPAddresses)
	check(c.LoadBalancers.Update(ctx, lb.UUID, &cs.LoadBalancerRequest{Name: "ingress-2"}))
	waitLB(ctx, c, lb.UUID)
	check(c.LoadBalancers.Update(ctx, lb.UUID, &cs.LoadBalancerRequest{TaggedResourceRequest: cs.TaggedResourceRequest{Tags: tags("lb")}}))
	waitLB(ctx, c, lb.UUID)

	pool := must(c.LoadBalancerPools.Create(ctx, &cs.LoadBalancerPoolRequest{
		TaggedResourceRequest: cs.TaggedResourceRequest{Tags: tags("pool")}, Name: "web", LoadBalancer: lb.UUID, Algorithm: "round_robin", Protocol: "tcp",
	}))
	waitLB(ctx, c, lb.UUID)
	expect(pool.LoadBalancer.UUID == lb.UUID, "pool: load_balancer %+v", pool.LoadBalancer)
	check(c.LoadBalancerPools.Update(ctx, pool.UUID, &cs.LoadBalancerPoolRequest{Name: "web-2"}))
	waitLB(ctx, c, lb.UUID)
	expect(must(c.LoadBalancerPools.Get(ctx, pool.UUID)).LoadBalancer.UUID == lb.UUID, "pool: GET without its load balancer")

	member := must(c.LoadBalancerPoolMembers.Create(ctx, pool.UUID, &cs.LoadBalancerPoolMemberRequest{
		TaggedResourceRequest: cs.TaggedResourceRequest{Tags: tags("member")}, Name: "node-2", ProtocolPort: 8080, Address: "10.50.0.12", Subnet: subnet.UUID, Enabled: ptr(true),
	}))
	waitLB(ctx, c, lb.UUID)
	expect(member.Pool.UUID == pool.UUID && member.LoadBalancer.UUID == lb.UUID && member.MonitorStatus != "", "member: %+v", member)
	check(c.LoadBalancerPoolMembers.Update(ctx, pool.UUID, member.UUID, &cs.LoadBalancerPoolMemberRequest{Name: "node-2b"}))
	waitLB(ctx, c, lb.UUID)
	check(c.LoadBalancerPoolMembers.Update(ctx, pool.UUID, member.UUID, &cs.LoadBalancerPoolMemberRequest{Enabled: ptr(false)}))
	waitLB(ctx, c, lb.UUID)
	m := must(c.LoadBalancerPoolMembers.Get(ctx, pool.UUID, member.UUID))
	expect(m.Name == "node-2b" && !m.Enabled, "member: after updates %+v", m)

	listener := must(c.LoadBalancerListeners.Create(ctx, &cs.LoadBalancerListenerRequest{
		TaggedResourceRequest: cs.TaggedResourceRequest{Tags: tags("listener")}, Name: "http", Pool: pool.UUID, Protocol: "tcp", ProtocolPort: 80,
		AllowedCIDRs: &[]string{"0.0.0.0/0", "::/0"},
	}))
	waitLB(ctx, c, lb.UUID)
	expect(listener.Pool != nil && listener.Pool.UUID == pool.UUID && listener.LoadBalancer.UUID == lb.UUID, "listener: %+v", listener)
	check(c.LoadBalancerListeners.Update(ctx, listener.UUID, &cs.LoadBalancerListenerRequest{ProtocolPort: 8080}))
	waitLB(ctx, c, lb.UUID)
	check(c.LoadBalancerListeners.Update(ctx, listener.UUID, &cs.LoadBalancerListenerRequest{AllowedCIDRs: &[]string{"::/0"}}))
	waitLB(ctx, c, lb.UUID)
	check(c.LoadBalancerListeners.Update(ctx, listener.UUID, &cs.LoadBalancerListenerRequest{Name: "http-2"}))
	waitLB(ctx, c, lb.UUID)
	l := must(c.LoadBalancerListeners.Get(ctx, listener.UUID))
	expect(l.ProtocolPort == 8080 && len(l.AllowedCIDRs) == 1 && l.Name == "http-2", "listener: after updates %+v", l)

	monitor := must(c.LoadBalancerHealthMonitors.Create(ctx, &cs.LoadBalancerHealthMonitorRequest{
		TaggedResourceRequest: cs.TaggedResourceRequest{Tags: tags("monitor")}, Pool: pool.UUID, DelayS: 2, TimeoutS: 1, UpThreshold: 2, DownThreshold: 3, Type: "http",
		HTTP: &cs.LoadBalancerHealthMonitorHTTPRequest{ExpectedCodes: []string{"200"}, Method: "GET", UrlPath: "/", Version: "1.1"},
	}))
	waitLB(ctx, c, lb.UUID)
	expect(monitor.HTTP != nil && monitor.HTTP.UrlPath == "/" && monitor.Pool.UUID == pool.UUID, "health monitor: %+v", monitor)
	check(c.LoadBalancerHealthMonitors.Update(ctx, monitor.UUID, &cs.LoadBalancerHealthMonitorRequest{DelayS: 5}))
	waitLB(ctx, c, lb.UUID)
	check(c.LoadBalancerHealthMonitors.Update(ctx, monitor.UUID, &cs.LoadBalancerHealthMonitorRequest{HTTP: &cs.LoadBalancerHealthMonitorHTTPRequest{UrlPath: "/healthz"}}))
	waitLB(ctx, c, lb.UUID)
	mo := must(c.LoadBalancerHealthMonitors.Get(ctx, monitor.UUID))
	expect(mo.DelayS == 5 && mo.HTTP != nil && mo.HTTP.UrlPath == "/healthz" && len(mo.HTTP.ExpectedCodes) == 1, "health monitor: after updates %+v", mo)

	step("lists by the project's id tag (how a create whose answer was lost is adopted)")
	lists := map[string]func() (int, error){
		"servers":        func() (int, error) { r, err := c.Servers.List(ctx, byTag("node-1")); return len(r), err },
		"networks":       func() (int, error) { r, err := c.Networks.List(ctx, byTag("net")); return len(r), err },
		"subnets":        func() (int, error) { r, err := c.Subnets.List(ctx, byTag("subnet")); return len(r), err },
		"load balancers": func() (int, error) { r, err := c.LoadBalancers.List(ctx, byTag("lb")); return len(r), err },
		"pools":          func() (int, error) { r, err := c.LoadBalancerPools.List(ctx, byTag("pool")); return len(r), err },
		"members": func() (int, error) {
			r, err := c.LoadBalancerPoolMembers.List(ctx, pool.UUID, byTag("member"))
			return len(r), err
		},
		"listeners": func() (int, error) {
			r, err := c.LoadBalancerListeners.List(ctx, byTag("listener"))
			return len(r), err
		},
		"health monitors": func() (int, error) {
			r, err := c.LoadBalancerHealthMonitors.List(ctx, byTag("monitor"))
			return len(r), err
		},
	}
	for what, list := range lists {
		n := must(list())
		expect(n == 1, "%s: %d found by tag, want 1", what, n)
	}

	step("delete: load balancer parts, load balancers, floating IPs, servers, subnet, network, server group")
	check(c.LoadBalancerHealthMonitors.Delete(ctx, monitor.UUID))
	waitLB(ctx, c, lb.UUID)
	check(c.LoadBalancerListeners.Delete(ctx, listener.UUID))
	waitLB(ctx, c, lb.UUID)
	check(c.LoadBalancerPoolMembers.Delete(ctx, pool.UUID, member.UUID))
	waitLB(ctx, c, lb.UUID)
	check(c.LoadBalancerPools.Delete(ctx, pool.UUID))
	waitLB(ctx, c, lb.UUID)
	for _, id := range []string{lb.UUID, privLB.UUID} {
		check(c.LoadBalancers.Delete(ctx, id))
		waitGone(ctx, func() error { _, err := c.LoadBalancers.Get(ctx, id); return err }, "load balancer "+id)
	}

	for _, f := range []*cs.FloatingIP{f4, f6, f56} {
		check(c.FloatingIPs.Delete(ctx, f.IP()))
	}
	for _, s := range []*cs.Server{s1, s2} {
		check(c.Servers.Delete(ctx, s.UUID))
		waitGone(ctx, func() error { _, err := c.Servers.Get(ctx, s.UUID); return err }, "server "+s.UUID)
	}
	check(c.Subnets.Delete(ctx, subnet.UUID))
	check(c.Networks.Delete(ctx, network.UUID))
	check(c.ServerGroups.Delete(ctx, group.UUID))
	_, err = c.ServerGroups.Get(ctx, group.UUID)
	if e, ok := err.(*cs.ErrorResponse); !ok || e.StatusCode != 404 {
		problem("server group: GET after DELETE is not a 404 the SDK recognizes: %v", err)
	}
}

func byTag(id string) cs.ListRequestModifier {
	return cs.WithTagFilter(cs.TagMap{"dualstack-id": "conformance/sdk/" + id})
}

func publicAddresses(s *cs.Server) (v4, v6 string) {
	for _, i := range s.Interfaces {
		if i.Type != "public" {
			continue
		}
		for _, a := range i.Addresses {
			if a.Version == 4 {
				v4 = a.Address
			} else if a.Version == 6 {
				v6 = a.Address
			}
		}
	}
	return
}

func waitLB(ctx context.Context, c *cs.Client, id string) *cs.LoadBalancer {
	return must(c.LoadBalancers.WaitFor(ctx, id, func(lb *cs.LoadBalancer) (bool, error) { return lb.Status == "running", nil }, fast))
}

// waitGone polls until get fails with a 404 the SDK reports as *ErrorResponse.
func waitGone(ctx context.Context, get func() error, what string) {
	for i := 0; i < 200; i++ {
		err := get()
		if e, ok := err.(*cs.ErrorResponse); ok && e.StatusCode == 404 {
			return
		} else if err != nil {
			panic(abort{errorf("%s: %v", what, err)})
		}
		time.Sleep(20 * time.Millisecond)
	}
	problem("%s: still there after DELETE", what)
}
