// Command inventory serves stock levels and syncs them from the warehouses.
// It works, and it leaks sockets under load: see ../README.md.
package main

import (
	"io"
	"log"
	"net/http"
	"time"
)

const stockURL = "http://127.0.0.1:9002/stock"

func stock(w http.ResponseWriter, r *http.Request) {
	c := newUpstreamClient()
	resp, err := c.Get(stockURL + "?sku=" + r.URL.Query().Get("sku"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
}

// syncOnce polls every warehouse; a retry leaves the failed response open.
func syncOnce(urls []string) {
	for _, u := range urls {
		req, err := http.NewRequest(http.MethodGet, u, nil)
		if err != nil {
			continue
		}
		req.Close = true
		resp, err := warehouses.Do(req)
		if err != nil {
			log.Print(err)
			continue
		}
		if resp.StatusCode >= 500 {
			log.Printf("%s: %s, will retry", u, resp.Status)
			continue
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		log.Printf("%s: %d bytes", u, n)
	}
}

func main() {
	go func() {
		for range time.Tick(10 * time.Second) {
			syncOnce([]string{"http://127.0.0.1:9003/a", "http://127.0.0.1:9003/b"})
		}
	}()
	http.HandleFunc("/stock", stock)
	log.Fatal(http.ListenAndServe("127.0.0.1:8082", nil))
}
