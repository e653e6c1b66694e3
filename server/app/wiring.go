package app

import (
	"fmt"
	"time"

	"github.com/hiregate/hiregate/server/auth"
	"github.com/hiregate/hiregate/server/config"
	"github.com/hiregate/hiregate/server/seal"
	"github.com/hiregate/hiregate/shared/hiregate"
)

// Validate checks cfg as config.Validate does, and what the services
// demand of the settings on top: the MFA key must be one seal reads.
func Validate(cfg config.Config) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	if cfg.MFAKey.IsSet() {
		if _, err := seal.ParseKey(string(cfg.MFAKey.Reveal())); err != nil {
			return fmt.Errorf("invalid %s: %w", config.EnvMFAKey, err)
		}
	}
	return nil
}

// AuthConfig is the part of cfg the auth service needs, on the clock now
// (nil: time.Now). The signing keys live in the data directory.
func AuthConfig(cfg config.Config, now func() time.Time) auth.Config {
	return auth.Config{
		Issuer:          cfg.Issuer,
		Audience:        cfg.Audience,
		AccessTTL:       cfg.AccessTTL,
		RefreshTTL:      cfg.RefreshTTL,
		Algorithm:       cfg.JWTAlgorithm,
		Secret:          cfg.JWTSecret.Reveal(),
		KeyDir:          cfg.DataDir,
		BcryptCost:      cfg.BcryptCost,
		HashConcurrency: cfg.HashConcurrency,
		AccountLimit:    cfg.LoginAccountLimit,
		IPLimit:         cfg.LoginIPLimit,
		Window:          hiregate.LoginWindow,
		Leeway:          auth.DefaultLeeway,
		MFAKey:          string(cfg.MFAKey.Reveal()),
		RequireMFA:      cfg.RequireMFA,
		Now:             now,
	}
}
