package main

import (
	"net/http"
	"time"
)

// newUpstreamClient looks like a constructor, but it is only called from the
// stock handler in main.go: it runs once per request.
func newUpstreamClient() *http.Client {
	return &http.Client{
		Timeout:   3 * time.Second,
		Transport: &http.Transport{MaxIdleConns: 20, MaxIdleConnsPerHost: 20},
	}
}

// warehouses is shared by the background sync: it raises MaxIdleConns but
// leaves MaxIdleConnsPerHost at Go's default of 2.
var warehouses = &http.Client{
	Timeout: 5 * time.Second,
	Transport: &http.Transport{
		MaxIdleConns:    100,
		IdleConnTimeout: 90 * time.Second,
	},
}
