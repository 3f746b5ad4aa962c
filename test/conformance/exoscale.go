package main

import (
	"context"
	"encoding/base64"
	"flag"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	v3 "github.com/exoscale/egoscale/v3"
	"github.com/exoscale/egoscale/v3/credentials"
	"github.com/go-playground/validator/v10"
)

// The Exoscale routes the project's providers call (components/clouds/exoscale/providers/*.ts,
// attach.ts, client.ts), each with the egoscale v3 type its answer decodes into.
var exoscaleRoutes = []route{
	routeOf("GET", "/operation/{id}", v3.Operation{}),
	routeOf("GET", "/instance-type", v3.ListInstanceTypesResponse{}),
	routeOf("GET", "/template", v3.ListTemplatesResponse{}),
	routeOf("GET", "/instance", v3.ListInstancesResponse{}),
	routeOf("POST", "/instance", v3.Operation{}),
	routeOf("GET", "/instance/{id}", v3.Instance{}),
	routeOf("PUT", "/instance/{id}", v3.Operation{}),
	routeOf("PUT", "/instance/{id}:resize-disk", v3.Operation{}),
	routeOf("DELETE", "/instance/{id}", v3.Operation{}),
	routeOf("GET", "/security-group", v3.ListSecurityGroupsResponse{}),
	routeOf("POST", "/security-group", v3.Operation{}),
	routeOf("GET", "/security-group/{id}", v3.SecurityGroup{}),
	routeOf("DELETE", "/security-group/{id}", v3.Operation{}),
	routeOf("POST", "/security-group/{id}/rules", v3.Operation{}),
	routeOf("DELETE", "/security-group/{id}/rules/{rule}", v3.Operation{}),
	routeOf("GET", "/anti-affinity-group", v3.ListAntiAffinityGroupsResponse{}),
	routeOf("POST", "/anti-affinity-group", v3.Operation{}),
	routeOf("GET", "/anti-affinity-group/{id}", v3.AntiAffinityGroup{}),
	routeOf("DELETE", "/anti-affinity-group/{id}", v3.Operation{}),
	routeOf("GET", "/private-network", v3.ListPrivateNetworksResponse{}),
	routeOf("POST", "/private-network", v3.Operation{}),
	routeOf("GET", "/private-network/{id}", v3.PrivateNetwork{}),
	routeOf("PUT", "/private-network/{id}", v3.Operation{}),
	routeOf("DELETE", "/private-network/{id}", v3.Operation{}),
	routeOf("PUT", "/private-network/{id}:attach", v3.Operation{}),
	routeOf("PUT", "/private-network/{id}:detach", v3.Operation{}),
	routeOf("GET", "/elastic-ip", v3.ListElasticIPSResponse{}),
	routeOf("POST", "/elastic-ip", v3.Operation{}),
	routeOf("GET", "/elastic-ip/{id}", v3.ElasticIP{}),
	routeOf("PUT", "/elastic-ip/{id}", v3.Operation{}),
	routeOf("DELETE", "/elastic-ip/{id}", v3.Operation{}),
	routeOf("PUT", "/elastic-ip/{id}:attach", v3.Operation{}),
	routeOf("PUT", "/elastic-ip/{id}:detach", v3.Operation{}),
	routeOf("GET", "/instance-pool/{id}", v3.InstancePool{}),
	routeOf("PUT", "/instance-pool/{id}", v3.Operation{}),
	routeOf("GET", "/sks-cluster", v3.ListSKSClustersResponse{}),
	routeOf("POST", "/sks-cluster", v3.Operation{}),
	routeOf("GET", "/sks-cluster/{id}", v3.SKSCluster{}),
	routeOf("PUT", "/sks-cluster/{id}", v3.Operation{}),
	routeOf("DELETE", "/sks-cluster/{id}", v3.Operation{}),
	routeOf("PUT", "/sks-cluster/{id}/upgrade", v3.Operation{}),
	routeOf("POST", "/sks-cluster-kubeconfig/{id}", v3.GenerateSKSClusterKubeconfigResponse{}),
	routeOf("POST", "/sks-cluster/{id}/nodepool", v3.Operation{}),
	routeOf("PUT", "/sks-cluster/{id}/nodepool/{np}", v3.Operation{}),
	routeOf("PUT", "/sks-cluster/{id}/nodepool/{np}:scale", v3.Operation{}),
	routeOf("DELETE", "/sks-cluster/{id}/nodepool/{np}", v3.Operation{}),
}

func exoscaleMain(args []string) {
	fs := flag.NewFlagSet("exoscale", flag.ExitOnError)
	apiURL := fs.String("url", "", "the API's base URL, e.g. http://127.0.0.1:1234/v2")
	key := fs.String("key", "", "API key")
	secret := fs.String("secret", "", "API secret")
	fs.Parse(args)
	u, err := url.Parse(*apiURL)
	if err != nil || *apiURL == "" || *key == "" || *secret == "" {
		fatalUsage("exoscale -url URL -key KEY -secret SECRET")
	}
	rec := &recorder{
		next:   http.DefaultTransport,
		prefix: strings.TrimSuffix(u.Path, "/"),
		routes: exoscaleRoutes,
		// egoscale's response types are generated from the API's OpenAPI
		// description: optional fields are omitempty, so only types and
		// unknown fields can be checked generically; the scenario checks
		// the fields the project reads.
		rules: shapeRules{forbidUnknown: true},
		// The answer's constraints as the SDK checks requests (required, ranges, lengths).
		validate: validator.New().Struct,
	}
	client := must2(v3.NewClient(credentials.NewStaticCredentials(*key, *secret),
		v3.ClientOptWithEndpoint(v3.Endpoint(strings.TrimSuffix(*apiURL, "/"))),
		v3.ClientOptWithHTTPClient(&http.Client{Transport: rec, Timeout: 30 * time.Second}),
	))
	run("exoscale", func() {
		exoscaleScenario(context.Background(), client)
		for _, r := range rec.unexercised() {
			problem("%s: the project calls it, the scenario never did", r)
		}
	})
}

func must2[T any](v T, err error) T {
	if err != nil {
		fatalUsage(err.Error())
	}
	return v
}

// done waits for an operation with the SDK's GetOperation (its Wait polls every 3 s at least) and returns its reference.
func done(ctx context.Context, c *v3.Client, op *v3.Operation, what string) v3.UUID {
	for i := 0; op.State == v3.OperationStatePending && i < 200; i++ {
		time.Sleep(10 * time.Millisecond)
		op = must(c.GetOperation(ctx, op.ID))
	}
	if op.State != v3.OperationStateSuccess {
		panic(abort{errorf("%s: operation %s ended %q (%s %s)", what, op.ID, op.State, op.Reason, op.Message)})
	}
	if op.Reference == nil || op.Reference.ID == "" {
		problem("%s: operation %s succeeded without reference.id", what, op.ID)
		return ""
	}
	return op.Reference.ID
}

func labels(id string) v3.Labels { return v3.Labels{"dualstack-id": "conformance/sdk/" + id} }

func i64(v int64) *int64 { return &v }

// The project's intents, through egoscale v3 (test/integration/conformance/project-scenario.ts does the same through the providers).
func exoscaleScenario(ctx context.Context, c *v3.Client) {
	step("instance types and templates, as the project resolves names")
	types := must(c.ListInstanceTypes(ctx))
	medium, err := types.FindInstanceTypeByIdOrFamilyAndSize("standard.medium")
	check(err)
	templates := must(c.ListTemplates(ctx, v3.ListTemplatesWithVisibility(v3.ListTemplatesVisibilityPublic)))
	tmpl, err := templates.FindTemplate("Linux Ubuntu 24.04 LTS 64-bit")
	check(err)

	step("security group and rules: tcp per family, icmp, icmpv6, from a security group")
	sgID := done(ctx, c, must(c.CreateSecurityGroup(ctx, v3.CreateSecurityGroupRequest{Name: "conformance-nodes", Description: "nodes"})), "create security group")
	rules := []v3.AddRuleToSecurityGroupRequest{
		{FlowDirection: "ingress", Protocol: "tcp", Network: "0.0.0.0/0", StartPort: 80, EndPort: 80, Description: "http v4"},
		{FlowDirection: "ingress", Protocol: "tcp", Network: "::/0", StartPort: 80, EndPort: 80, Description: "http v6"},
		{FlowDirection: "ingress", Protocol: "icmp", Network: "0.0.0.0/0", ICMP: &v3.AddRuleToSecurityGroupRequestICMP{Type: i64(8), Code: i64(0)}},
		{FlowDirection: "ingress", Protocol: "icmpv6", Network: "::/0", ICMP: &v3.AddRuleToSecurityGroupRequestICMP{Type: i64(128), Code: i64(0)}},
		{FlowDirection: "ingress", Protocol: "udp", SecurityGroup: &v3.SecurityGroupResource{ID: sgID}, StartPort: 8472, EndPort: 8472},
	}
	for _, r := range rules {
		check(c.Validate(r))
		ref := done(ctx, c, must(c.AddRuleToSecurityGroup(ctx, sgID, r)), "add rule")
		expect(ref == sgID, "add rule: operation reference %q, the API's is the group %q", ref, sgID)
	}
	sg := must(c.GetSecurityGroup(ctx, sgID))
	expect(len(sg.Rules) == len(rules), "security group: %d rules, want %d", len(sg.Rules), len(rules))
	var icmp6 *v3.SecurityGroupRule
	for i := range sg.Rules {
		if sg.Rules[i].Protocol == "icmpv6" {
			icmp6 = &sg.Rules[i]
		}
		expect(sg.Rules[i].ID != "", "security group rule without id: %+v", sg.Rules[i])
	}
	expect(icmp6 != nil && icmp6.ICMP != nil && icmp6.ICMP.Type == 128 && icmp6.Network == "::/0", "icmpv6 rule read back as %+v", icmp6)
	groups := must(c.ListSecurityGroups(ctx))
	_, err = groups.FindSecurityGroup("conformance-nodes")
	check(err)

	step("anti-affinity group")
	aagID := done(ctx, c, must(c.CreateAntiAffinityGroup(ctx, v3.CreateAntiAffinityGroupRequest{Name: "conformance-ingress", Description: "ingress"})), "create anti-affinity group")
	_, err = must(c.ListAntiAffinityGroups(ctx)).FindAntiAffinityGroup("conformance-ingress")
	check(err)
	aag := must(c.GetAntiAffinityGroup(ctx, aagID))
	expect(aag.Name == "conformance-ingress" && aag.Description == "ingress", "anti-affinity group: %+v", aag)

	step("instance, dual-stack (public-ip-assignment dual), with groups, SSH key, user data")
	userData := base64.StdEncoding.EncodeToString([]byte("#cloud-config\n"))
	createReq := v3.CreateInstanceRequest{
		Name: "ingress-1", InstanceType: &v3.InstanceType{ID: medium.ID}, Template: &v3.Template{ID: tmpl.ID}, DiskSize: 20,
		PublicIPAssignment: v3.PublicIPAssignmentDual, Labels: labels("ingress-1"),
		SecurityGroups: []v3.SecurityGroup{{ID: sgID}}, AntiAffinityGroups: []v3.AntiAffinityGroup{{ID: aagID}},
		SSHKeys: []v3.SSHKey{{Name: "conformance"}}, UserData: userData,
	}
	check(c.Validate(createReq))
	instID := done(ctx, c, must(c.CreateInstance(ctx, createReq)), "create instance")
	var inst *v3.Instance
	for i := 0; i < 100; i++ {
		if inst = must(c.GetInstance(ctx, instID)); inst.State == v3.InstanceStateRunning {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	expect(inst.State == v3.InstanceStateRunning, "instance: state %q, want running", inst.State)
	expect(inst.PublicIP != nil && inst.PublicIP.To4() != nil, "instance: public-ip %v is not an IPv4 address", inst.PublicIP)
	expect(net.ParseIP(inst.Ipv6Address) != nil && strings.Contains(inst.Ipv6Address, ":"), "instance (dual): ipv6-address %q", inst.Ipv6Address)
	expect(inst.PublicIPAssignment == v3.PublicIPAssignmentDual, "instance: public-ip-assignment %q", inst.PublicIPAssignment)
	expect(inst.InstanceType != nil && inst.InstanceType.ID == medium.ID && inst.Template != nil && inst.Template.ID == tmpl.ID, "instance: type/template %+v %+v", inst.InstanceType, inst.Template)
	expect(inst.UserData == userData, "instance: user-data %q, want %q", inst.UserData, userData)
	expect(len(inst.SecurityGroups) == 1 && inst.SecurityGroups[0].ID == sgID && len(inst.AntiAffinityGroups) == 1, "instance: groups %+v %+v", inst.SecurityGroups, inst.AntiAffinityGroups)
	expect(len(inst.SSHKeys) == 1 && inst.SSHKeys[0].Name == "conformance", "instance: ssh-keys %+v", inst.SSHKeys)
	expect(inst.Labels["dualstack-id"] == "conformance/sdk/ingress-1", "instance: labels %v", inst.Labels)
	all := must(c.ListInstances(ctx))
	_, err = all.FindListInstancesResponseInstances(string(instID))
	check(err)

	step("instance: update (name, labels, public-ip-assignment, user-data), disk resize")
	updateReq := v3.UpdateInstanceRequest{Name: "ingress-1b", Labels: labels("ingress-1"), PublicIPAssignment: v3.PublicIPAssignmentDual, UserData: base64.StdEncoding.EncodeToString([]byte("#cloud-config\nhostname: x\n"))}
	check(c.Validate(updateReq))
	done(ctx, c, must(c.UpdateInstance(ctx, instID, updateReq)), "update instance")
	done(ctx, c, must(c.ResizeInstanceDisk(ctx, instID, v3.ResizeInstanceDiskRequest{DiskSize: 30})), "resize disk")
	inst = must(c.GetInstance(ctx, instID))
	expect(inst.Name == "ingress-1b" && inst.DiskSize == 30, "instance: after update %q %d", inst.Name, inst.DiskSize)

	step("private network with managed DHCP: create, update, attach with a static lease, detach")
	pnReq := v3.CreatePrivateNetworkRequest{Name: "conformance-net", Netmask: net.ParseIP("255.255.255.0"), StartIP: net.ParseIP("10.60.0.10"), EndIP: net.ParseIP("10.60.0.200"), Labels: labels("net")}
	check(c.Validate(pnReq))
	pnID := done(ctx, c, must(c.CreatePrivateNetwork(ctx, pnReq)), "create private network")
	done(ctx, c, must(c.UpdatePrivateNetwork(ctx, pnID, v3.UpdatePrivateNetworkRequest{Name: "conformance-net-2", Netmask: net.ParseIP("255.255.255.0"), StartIP: net.ParseIP("10.60.0.10"), EndIP: net.ParseIP("10.60.0.250"), Labels: labels("net")})), "update private network")
	done(ctx, c, must(c.AttachInstanceToPrivateNetwork(ctx, pnID, v3.AttachInstanceToPrivateNetworkRequest{Instance: &v3.AttachInstanceToPrivateNetworkRequestInstance{ID: instID}, IP: net.ParseIP("10.60.0.11")})), "attach to private network")
	pn := must(c.GetPrivateNetwork(ctx, pnID))
	expect(pn.Name == "conformance-net-2" && pn.EndIP.String() == "10.60.0.250", "private network: after update %+v", pn)
	expect(len(pn.Leases) == 1 && pn.Leases[0].InstanceID == instID && pn.Leases[0].IP.String() == "10.60.0.11", "private network: leases %+v", pn.Leases)
	inst = must(c.GetInstance(ctx, instID))
	expect(len(inst.PrivateNetworks) == 1 && inst.PrivateNetworks[0].ID == pnID && inst.PrivateNetworks[0].MACAddress != "", "instance: private-networks %+v", inst.PrivateNetworks)
	_, err = must(c.ListPrivateNetworks(ctx)).FindPrivateNetwork("conformance-net-2")
	check(err)

	step("elastic IPs inet4 and inet6 with healthchecks: create, update, attach, detach")
	hc := &v3.ElasticIPHealthcheck{Mode: "http", Port: 80, URI: "/healthz", Interval: 10, Timeout: 2, StrikesOk: 2, StrikesFail: 3}
	var eips []v3.UUID
	for _, family := range []v3.CreateElasticIPRequestAddressfamily{"inet4", "inet6"} {
		req := v3.CreateElasticIPRequest{Addressfamily: family, Description: "ingress " + string(family), Healthcheck: hc, Labels: labels("eip-" + string(family))}
		check(c.Validate(req))
		id := done(ctx, c, must(c.CreateElasticIP(ctx, req)), "create elastic IP "+string(family))
		e := must(c.GetElasticIP(ctx, id))
		ip := net.ParseIP(e.IP)
		expect(ip != nil && (ip.To4() != nil) == (family == "inet4"), "elastic IP %s: ip %q", family, e.IP)
		expect(string(e.Addressfamily) == string(family) && e.Cidr != "", "elastic IP %s: addressfamily %q cidr %q", family, e.Addressfamily, e.Cidr)
		expect(e.Healthcheck != nil && e.Healthcheck.Mode == "http" && e.Healthcheck.StrikesFail == 3 && e.Healthcheck.URI == "/healthz", "elastic IP %s: healthcheck %+v", family, e.Healthcheck)
		upd := v3.UpdateElasticIPRequest{Description: "ingress", Healthcheck: &v3.ElasticIPHealthcheck{Mode: "tcp", Port: 443, Interval: 5, Timeout: 2, StrikesOk: 1, StrikesFail: 2}, Labels: labels("eip-" + string(family))}
		check(c.Validate(upd))
		done(ctx, c, must(c.UpdateElasticIP(ctx, id, upd)), "update elastic IP")
		done(ctx, c, must(c.AttachInstanceToElasticIP(ctx, id, v3.AttachInstanceToElasticIPRequest{Instance: &v3.InstanceTarget{ID: instID}})), "attach elastic IP")
		eips = append(eips, id)
	}
	inst = must(c.GetInstance(ctx, instID))
	expect(len(inst.ElasticIPS) == 2, "instance: elastic-ips %+v, want both", inst.ElasticIPS)
	expect(len(must(c.ListElasticIPS(ctx)).ElasticIPS) == 2, "elastic IPs: list")

	step("SKS cluster (dual-stack networking), kubeconfig, nodepool (dual), its instance pool's elastic IPs, scale, upgrade")
	sksReq := v3.CreateSKSClusterRequest{Name: "conformance", Level: "starter", Version: "1.31.1", Cni: "calico",
		Networking: &v3.Networking{ClusterCidr: "192.168.0.0/16,fd00:10::/56", ServiceClusterIPRange: "10.96.0.0/12,fd00:20::/108"}, Labels: v3.SKSClusterLabels{"dualstack-id": "conformance/sdk/sks"}}
	check(c.Validate(sksReq))
	sksID := done(ctx, c, must(c.CreateSKSCluster(ctx, sksReq)), "create SKS cluster")
	sks := must(c.GetSKSCluster(ctx, sksID))
	expect(sks.Endpoint != "" && sks.State != "" && sks.Version == "1.31.1" && sks.Cni == "calico" && sks.Level == "starter", "SKS cluster: %+v", sks)
	_, err = must(c.ListSKSClusters(ctx)).FindSKSCluster("conformance")
	check(err)
	done(ctx, c, must(c.UpdateSKSCluster(ctx, sksID, v3.UpdateSKSClusterRequest{Name: "conformance-2", Labels: v3.SKSClusterLabels{"dualstack-id": "conformance/sdk/sks"}})), "update SKS cluster")
	done(ctx, c, must(c.UpgradeSKSCluster(ctx, sksID, v3.UpgradeSKSClusterRequest{Version: "1.32.0"})), "upgrade SKS cluster")
	sks = must(c.GetSKSCluster(ctx, sksID))
	expect(sks.Name == "conformance-2" && sks.Version == "1.32.0", "SKS cluster: after update/upgrade %q %q", sks.Name, sks.Version)
	kc := must(c.GenerateSKSClusterKubeconfig(ctx, sksID, v3.SKSKubeconfigRequest{User: "admin", Groups: []string{"system:masters"}, Ttl: 3600}))
	text, err := base64.StdEncoding.DecodeString(kc.Kubeconfig)
	expect(err == nil && strings.Contains(string(text), "clusters:") && strings.Contains(string(text), sks.Endpoint), "kubeconfig: not a base64 kubeconfig for %s", sks.Endpoint)

	npReq := v3.CreateSKSNodepoolRequest{Name: "workers", Size: 2, DiskSize: 50, InstanceType: &v3.InstanceType{ID: medium.ID}, PublicIPAssignment: "dual",
		SecurityGroups: []v3.SecurityGroup{{ID: sgID}}, AntiAffinityGroups: []v3.AntiAffinityGroup{{ID: aagID}}, Labels: v3.SKSNodepoolLabels{"dualstack-id": "conformance/sdk/np"}}
	check(c.Validate(npReq))
	npID := done(ctx, c, must(c.CreateSKSNodepool(ctx, sksID, npReq)), "create nodepool")
	var np *v3.SKSNodepool
	for _, n := range must(c.GetSKSCluster(ctx, sksID)).Nodepools {
		if n.ID == npID {
			np = &n
		}
	}
	if np == nil || np.InstancePool == nil || np.InstancePool.ID == "" {
		panic(abort{errorf("nodepool %s: not in the cluster's nodepools, or without instance-pool: %+v", npID, np)})
	}
	expect(np.PublicIPAssignment == "dual" && np.Size == 2 && np.DiskSize == 50, "nodepool: %+v", np)
	done(ctx, c, must(c.UpdateSKSNodepool(ctx, sksID, npID, v3.UpdateSKSNodepoolRequest{Name: "workers-2", Labels: v3.SKSNodepoolLabels{"dualstack-id": "conformance/sdk/np"}, SecurityGroups: []v3.SecurityGroup{{ID: sgID}}, AntiAffinityGroups: []v3.AntiAffinityGroup{{ID: aagID}}})), "update nodepool")
	done(ctx, c, must(c.ScaleSKSNodepool(ctx, sksID, npID, v3.ScaleSKSNodepoolRequest{Size: 3})), "scale nodepool")
	poolID := np.InstancePool.ID
	done(ctx, c, must(c.UpdateInstancePool(ctx, poolID, v3.UpdateInstancePoolRequest{ElasticIPS: []v3.ElasticIP{{ID: eips[0]}, {ID: eips[1]}}})), "instance pool elastic IPs")
	pool := must(c.GetInstancePool(ctx, poolID))
	expect(len(pool.ElasticIPS) == 2 && len(pool.Instances) == 3, "instance pool: elastic-ips %+v, %d instances (want 2, 3)", pool.ElasticIPS, len(pool.Instances))
	expect(pool.Manager != nil && pool.Manager.ID == npID, "instance pool: manager %+v, want the nodepool", pool.Manager)
	for _, m := range pool.Instances {
		member := must(c.GetInstance(ctx, m.ID))
		expect(len(member.ElasticIPS) == 2 && member.Ipv6Address != "", "pool member %s: elastic-ips %+v ipv6 %q", m.ID, member.ElasticIPS, member.Ipv6Address)
	}
	done(ctx, c, must(c.UpdateInstancePool(ctx, poolID, v3.UpdateInstancePoolRequest{ElasticIPS: []v3.ElasticIP{}})), "instance pool: no elastic IPs")
	done(ctx, c, must(c.DeleteSKSNodepool(ctx, sksID, npID)), "delete nodepool")
	done(ctx, c, must(c.DeleteSKSCluster(ctx, sksID)), "delete SKS cluster")

	step("delete: detach, elastic IPs, private network, instance, rules, groups")
	for _, id := range eips {
		done(ctx, c, must(c.DetachInstanceFromElasticIP(ctx, id, v3.DetachInstanceFromElasticIPRequest{Instance: &v3.InstanceTarget{ID: instID}})), "detach elastic IP")
		done(ctx, c, must(c.DeleteElasticIP(ctx, id)), "delete elastic IP")
	}
	done(ctx, c, must(c.DetachInstanceFromPrivateNetwork(ctx, pnID, v3.DetachInstanceFromPrivateNetworkRequest{Instance: &v3.Instance{ID: instID}})), "detach private network")
	done(ctx, c, must(c.DeletePrivateNetwork(ctx, pnID)), "delete private network")
	done(ctx, c, must(c.DeleteInstance(ctx, instID)), "delete instance")
	for _, r := range must(c.GetSecurityGroup(ctx, sgID)).Rules {
		done(ctx, c, must(c.DeleteRuleFromSecurityGroup(ctx, sgID, r.ID)), "delete rule")
	}
	done(ctx, c, must(c.DeleteSecurityGroup(ctx, sgID)), "delete security group")
	done(ctx, c, must(c.DeleteAntiAffinityGroup(ctx, aagID)), "delete anti-affinity group")
	if _, err := c.GetInstance(ctx, instID); err == nil || !strings.Contains(err.Error(), "not found") && !strings.Contains(err.Error(), "404") {
		problem("instance: GET after DELETE did not fail as not found: %v", err)
	}
}
