// An independent oracle for test/unit/lab/pki.test.ts: Go's crypto/x509 and
// crypto/tls, the code kube-apiserver, etcd and the kubelet verify
// certificates and load key pairs with. Reads a JSON list of checks on
// stdin and prints one line per check: "ok" or the error.
package main

import (
	"bytes"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"os"
)

type check struct {
	CA    string `json:"ca"`    // CA certificate file
	Cert  string `json:"cert"`  // leaf certificate file
	Key   string `json:"key"`   // its key file
	Usage string `json:"usage"` // "server" or "client"
	DNS   string `json:"dns"`   // a name the certificate must be valid for ("" none)
	IP    string `json:"ip"`    // an address the certificate must be valid for ("" none)
	SAKey string `json:"saKey"` // instead: a service-account private key file ...
	SAPub string `json:"saPub"` // ... and its public key file
}

func main() {
	var checks []check
	if err := json.NewDecoder(os.Stdin).Decode(&checks); err != nil {
		fmt.Fprintln(os.Stderr, "bad input:", err)
		os.Exit(2)
	}
	for _, c := range checks {
		if err := run(c); err != nil {
			fmt.Println(err)
		} else {
			fmt.Println("ok")
		}
	}
}

func run(c check) error {
	if c.SAKey != "" {
		return serviceAccount(c.SAKey, c.SAPub)
	}
	caCert, err := readCert(c.CA)
	if err != nil {
		return err
	}
	// What a TLS server or client loads: the pair must parse and match.
	pair, err := tls.LoadX509KeyPair(c.Cert, c.Key)
	if err != nil {
		return fmt.Errorf("LoadX509KeyPair: %w", err)
	}
	leaf, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		return err
	}
	if !bytes.Equal(leaf.RawIssuer, caCert.RawSubject) {
		return errors.New("issuer bytes differ from the CA's subject bytes")
	}
	if !bytes.Equal(leaf.AuthorityKeyId, caCert.SubjectKeyId) {
		return errors.New("authorityKeyIdentifier is not the CA's subjectKeyIdentifier")
	}
	roots := x509.NewCertPool()
	roots.AddCert(caCert)
	opts := x509.VerifyOptions{Roots: roots}
	switch c.Usage {
	case "server":
		opts.KeyUsages = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	case "client":
		opts.KeyUsages = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	default:
		return fmt.Errorf("usage %q", c.Usage)
	}
	if _, err := leaf.Verify(opts); err != nil {
		return fmt.Errorf("Verify: %w", err)
	}
	if c.DNS != "" {
		if err := leaf.VerifyHostname(c.DNS); err != nil {
			return err
		}
	}
	if c.IP != "" {
		if net.ParseIP(c.IP) == nil {
			return fmt.Errorf("bad ip %q", c.IP)
		}
		if err := leaf.VerifyHostname(c.IP); err != nil {
			return err
		}
	}
	return nil
}

func readCert(file string) (*x509.Certificate, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, fmt.Errorf("%s: no CERTIFICATE block", file)
	}
	return x509.ParseCertificate(block.Bytes)
}

// The service-account pair as kube-apiserver reads it (PKCS#8 private, PKIX public).
func serviceAccount(keyFile, pubFile string) error {
	keyData, err := os.ReadFile(keyFile)
	if err != nil {
		return err
	}
	pubData, err := os.ReadFile(pubFile)
	if err != nil {
		return err
	}
	kb, _ := pem.Decode(keyData)
	pb, _ := pem.Decode(pubData)
	if kb == nil || kb.Type != "PRIVATE KEY" || pb == nil || pb.Type != "PUBLIC KEY" {
		return errors.New("want PRIVATE KEY and PUBLIC KEY blocks")
	}
	priv, err := x509.ParsePKCS8PrivateKey(kb.Bytes)
	if err != nil {
		return err
	}
	pub, err := x509.ParsePKIXPublicKey(pb.Bytes)
	if err != nil {
		return err
	}
	signer, ok := priv.(crypto.Signer)
	if !ok {
		return errors.New("the private key cannot sign")
	}
	if !signer.Public().(interface{ Equal(crypto.PublicKey) bool }).Equal(pub) {
		return errors.New("public key is not the private key's")
	}
	return nil
}
