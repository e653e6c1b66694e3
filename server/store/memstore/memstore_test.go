package memstore_test

import (
	"testing"
	"time"

	"github.com/hiregate/hiregate/server/store"
	"github.com/hiregate/hiregate/server/store/memstore"
	"github.com/hiregate/hiregate/server/store/storetest"
)

// TestStore holds the fake to the contract of the parts it implements.
func TestStore(t *testing.T) {
	open := func(t *testing.T, now func() time.Time) store.Store { return memstore.New(now) }
	t.Run("Users", func(t *testing.T) { storetest.RunUsers(t, open) })
	t.Run("Sessions", func(t *testing.T) { storetest.RunSessions(t, open) })
	t.Run("Throttle", func(t *testing.T) { storetest.RunThrottle(t, open) })
	t.Run("Audit", func(t *testing.T) { storetest.RunAudit(t, open) })
	t.Run("MFA", func(t *testing.T) { storetest.RunMFA(t, open) })
}
