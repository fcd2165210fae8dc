package seed

import (
	"encoding/json"
	"fmt"
	"testing"
)

func TestLookTmp(t *testing.T) {
	p := mustPlan(t, 1)
	for _, i := range []int{0, 45, 100, 150} {
		b, _ := json.Marshal(p.participants[i])
		fmt.Println(string(b))
	}
	for _, i := range []int{0, 30, 60} {
		b, _ := json.Marshal(p.offers[i])
		fmt.Println(string(b))
	}
	for _, i := range []int{0, 100, 200, 300, 370} {
		b, _ := json.Marshal(p.placements[i])
		fmt.Println(string(b))
	}
	for _, o := range p.organisations {
		fmt.Println(o.Name, o.Kind, o.Postcode, o.Place)
	}
}
