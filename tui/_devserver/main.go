package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	"github.com/hiregate/hiregate/server/app"
)

func main() {
	cfg := app.TestConfig(os.Args[2])
	cfg.Addr = os.Args[1]
	cfg.Demo = true
	a, err := app.Open(context.Background(), cfg, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(a.URL())
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt)
	<-c
	a.Close()
}
