// Command healthcheck probes a list of services every few seconds.
// It works, and it leaks sockets under load: see ../README.md.
package main

import (
	"log"
	"net/http"
	"time"
)

var probeTransport = &http.Transport{
	DisableKeepAlives: true,
	IdleConnTimeout:   30 * time.Second,
}

var prober = &http.Client{Transport: probeTransport, Timeout: 2 * time.Second}

func probe(url string) bool {
	resp, err := prober.Get(url)
	defer resp.Body.Close()
	if err != nil {
		return false
	}
	return resp.StatusCode < 400
}

func main() {
	targets := []string{"http://127.0.0.1:8081/quote", "http://127.0.0.1:8082/stock"}
	for range time.Tick(5 * time.Second) {
		for _, t := range targets {
			log.Printf("%s up=%v", t, probe(t))
		}
	}
}
