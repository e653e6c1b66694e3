package auth

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hiregate/hiregate/server/store"
)

// Keys shared by replicas. Each server signs with the newest key in its
// own data directory, as a lone server does; the private key never leaves
// that directory. It publishes the public half in the database before it
// signs with it, and verifies tokens with every published key that is not
// retired, so a token signed by any replica verifies on all of them and
// /.well-known/jwks.json is the same everywhere. A rotation
// (RotateSharedKeys) retires every published key a grace period ahead;
// each server, seeing its own key retiring, makes itself a new one.
//
// A server re-reads the published keys every keySyncEvery, at once when
// another announces a change (LISTEN/NOTIFY), and when a token names a kid
// it does not know (at most once per missReloadEvery), so a rotation
// reaches every replica within keySyncEvery even if a notification is lost.

// keySyncEvery is how often a server re-reads the published keys.
const keySyncEvery = 30 * time.Second

// missReloadEvery bounds the database reads that tokens with unknown kids
// can cause, so a flood of forged kids is not a flood of queries.
const missReloadEvery = time.Second

// keySyncTimeout bounds one synchronisation with the database.
const keySyncTimeout = 10 * time.Second

// RetireGrace is how long a retired key keeps verifying: every token it
// signed expires within it, including those a server signed before it
// learned of the rotation at its next sync.
func RetireGrace(accessTTL, leeway time.Duration) time.Duration {
	return accessTTL + leeway + 2*keySyncEvery
}

// RotateSharedKeys retires every published signing key RetireGrace after
// now, which makes every server on the database create and publish a new
// key within keySyncEvery. It returns how many keys it retired.
func RotateSharedKeys(ctx context.Context, sk store.SigningKeys, now time.Time, accessTTL, leeway time.Duration) (int, error) {
	if accessTTL <= 0 || leeway < 0 {
		return 0, errors.New("auth: RotateSharedKeys needs a positive access token lifetime")
	}
	return sk.RetireSigningKeys(ctx, now.Add(RetireGrace(accessTTL, leeway)))
}

type keySharer struct {
	kr *keyring
	st store.SigningKeys

	mu sync.Mutex // one sync at a time

	missMu   sync.Mutex
	lastMiss time.Time // wall clock: it limits load, it decides nothing
}

// shareKeys publishes this server's key and loads everyone's, before the
// service signs anything.
func (s *Service) shareKeys() error {
	ks := &keySharer{kr: s.keys, st: s.cfg.SharedKeys}
	ctx, cancel := context.WithTimeout(context.Background(), keySyncTimeout)
	defer cancel()
	if err := ks.sync(ctx); err != nil {
		return err
	}
	s.keys.mu.Lock()
	s.keys.shared = ks
	s.keys.mu.Unlock()
	return nil
}

// sync publishes this server's newest key, replaces it when a rotation
// has retired it, and installs every published key for verification.
func (ks *keySharer) sync(ctx context.Context) error {
	ks.mu.Lock()
	defer ks.mu.Unlock()
	kr := ks.kr
	keys, err := readKeys(kr.dir, kr.log)
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		return fmt.Errorf("auth: no signing key in the data directory %s", kr.dir)
	}
	own := keys[len(keys)-1]
	rec, err := ks.publish(ctx, own)
	if err != nil {
		return err
	}
	if rec.RetireAt != nil {
		old := own.kid
		if _, err := RotateKey(kr.dir); err != nil {
			return err
		}
		if keys, err = readKeys(kr.dir, kr.log); err != nil {
			return err
		}
		own = keys[len(keys)-1]
		if _, err := ks.publish(ctx, own); err != nil {
			return err
		}
		kr.log.Info("created a JWT signing key: a key rotation retired this server's previous one", "kid", own.kid, "retired", old)
	}
	pubs, err := ks.st.SigningKeys(ctx, kr.now())
	if err != nil {
		return fmt.Errorf("auth: read published signing keys: %w", err)
	}
	verify := make(map[string]any, len(pubs)+1)
	published := make([]store.PublicKey, 0, len(pubs))
	for _, p := range pubs {
		// The kid is derived from the key, never trusted from the row.
		if p.Alg != AlgEdDSA || len(p.Key) != ed25519.PublicKeySize || keyID(p.Key) != p.Kid {
			kr.log.Warn("ignoring a malformed published signing key", "kid", p.Kid)
			continue
		}
		verify[p.Kid] = ed25519.PublicKey(p.Key)
		published = append(published, p)
	}
	// This server's own signer verifies here whatever the read raced with.
	verify[own.kid] = own.pub
	kr.mu.Lock()
	kr.ed, kr.verify, kr.signKid, kr.signKey, kr.published = keys, verify, own.kid, own.priv, published
	kr.gen.Add(1)
	kr.mu.Unlock()
	return nil
}

func (ks *keySharer) publish(ctx context.Context, k edKey) (*store.PublicKey, error) {
	rec, err := ks.st.PublishSigningKey(ctx, store.PublicKey{Kid: k.kid, Alg: AlgEdDSA, Key: k.pub, CreatedAt: ks.kr.now().UTC()})
	if err != nil {
		return nil, fmt.Errorf("auth: publish signing key: %w", err)
	}
	return rec, nil
}

// lookupMiss re-reads the published keys for a kid this server does not
// know: another replica may have just published it.
func (ks *keySharer) lookupMiss(kid string) (any, bool) {
	now := time.Now()
	ks.missMu.Lock()
	due := now.Sub(ks.lastMiss) >= missReloadEvery || now.Before(ks.lastMiss)
	if due {
		ks.lastMiss = now
	}
	ks.missMu.Unlock()
	if !due {
		return nil, false
	}
	ctx, cancel := context.WithTimeout(context.Background(), keySyncTimeout)
	defer cancel()
	if err := ks.sync(ctx); err != nil {
		ks.kr.log.Error("reloading published JWT signing keys failed", "err", err)
		return nil, false
	}
	return ks.kr.verifyKey(kid)
}

func (kr *keyring) verifyKey(kid string) (any, bool) {
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	key, ok := kr.verify[kid]
	return key, ok
}

// SyncKeys keeps the shared signing keys current until ctx ends: every
// keySyncEvery, and at once when another server announces a change. It
// returns at once when the keys are not shared.
func (s *Service) SyncKeys(ctx context.Context) {
	s.keys.mu.RLock()
	ks := s.keys.shared
	s.keys.mu.RUnlock()
	if ks == nil {
		return
	}
	changed := make(chan struct{}, 1)
	var wg sync.WaitGroup
	wg.Go(func() {
		ks.st.WatchSigningKeys(ctx, func() {
			select {
			case changed <- struct{}{}:
			default:
			}
		})
	})
	defer wg.Wait()
	t := time.NewTicker(keySyncEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-changed:
		}
		sctx, cancel := context.WithTimeout(ctx, keySyncTimeout)
		if err := ks.sync(sctx); err != nil && ctx.Err() == nil {
			s.log.Warn("syncing shared JWT signing keys failed; retrying", "err", err)
		}
		cancel()
	}
}
