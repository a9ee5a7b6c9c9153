package io.hyperperp.core.runtime;

import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.risk.LedgerImage;
import io.hyperperp.core.risk.RiskEvent;
import io.hyperperp.core.risk.RiskSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The accounts a group may have changed, read from the engine right after the group: every
 * command's user, both sides of every fill, the accounts of risk events and their counterparties,
 * and the two system accounts (fees and insurance change with fills and funding).
 */
public final class TouchedAccounts {

    private TouchedAccounts() {
    }

    /**
     * @param engine the engine right after the group
     * @param group  the group's processed commands
     * @return the ledger state of every account the group may have changed, by account number
     */
    public static List<LedgerImage.Account> capture(MatchingEngine engine, List<ProcessedCommand> group) {
        Set<String> addresses = new HashSet<>();
        boolean money = false;
        for (ProcessedCommand pc : group) {
            addresses.add(pc.command().userAddress());
            for (EngineEvent e : pc.events()) {
                if (e instanceof EngineEvent.Fill f) {
                    addresses.add(f.taker().userAddress());
                    addresses.add(f.maker().userAddress());
                    money = true;
                } else if (e instanceof EngineEvent.Risk r) {
                    RiskEvent event = r.event();
                    addresses.add(event.userAddress());
                    if (event.counterparty() != null) {
                        addresses.add(event.counterparty());
                    }
                    money = true;
                } else if (e instanceof EngineEvent.OrderAccepted a) {
                    addresses.add(a.order().userAddress());
                } else if (e instanceof EngineEvent.CommandRejected x) {
                    addresses.add(x.command().userAddress());
                }
            }
        }
        if (money) {
            RiskSettings settings = engine.riskSettings();
            addresses.add(settings.feeAddress());
            addresses.add(settings.insuranceAddress());
        }
        List<LedgerImage.Account> out = new ArrayList<>();
        for (String address : addresses) {
            engine.ledgerAccount(address).ifPresent(out::add);
        }
        out.sort(Comparator.comparingLong(LedgerImage.Account::number));
        return out;
    }
}
