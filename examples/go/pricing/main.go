// Command pricing serves quotes by asking a currency service for exchange rates.
// It works, and it leaks sockets under load: see ../README.md.
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"time"
)

const ratesURL = "http://127.0.0.1:9001/rates"

type rates struct {
	EUR float64 `json:"EUR"`
}

func quote(w http.ResponseWriter, r *http.Request) {
	// A new transport per request: every quote dials a fresh connection.
	client := &http.Client{
		Timeout: 2 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns:    10,
			IdleConnTimeout: 30 * time.Second,
		},
	}
	resp, err := client.Get(ratesURL)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	// The early return on a bad status leaves the body (and its connection) open.
	if resp.StatusCode != http.StatusOK {
		http.Error(w, "rates unavailable", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	var rt rates
	if err := json.NewDecoder(resp.Body).Decode(&rt); err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	fmt.Fprintf(w, "%.2f EUR\n", 100*rt.EUR)
}

func main() {
	http.HandleFunc("/quote", quote)
	log.Fatal(http.ListenAndServe("127.0.0.1:8081", nil))
}
