package dev.imlab.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.bus.GatewayCommand.Revocation;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevocationTest {

    @Test
    void aLogout_coversThatOneTokenOfTheUser_only() {
        Revocation logout = Revocation.ofToken("alice", "t1", 5_000);

        assertThat(logout.covers("alice", "t1", 1_000)).isTrue();
        assertThat(logout.covers("alice", "t2", 1_000)).as("the user's other token").isFalse();
        assertThat(logout.covers("bob", "t1", 1_000)).as("another user's token with the same id").isFalse();
    }

    @Test
    void aPasswordChange_coversEveryTokenOfTheUserIssuedBeforeIt_andNoneIssuedAtOrAfter() {
        Revocation change = Revocation.issuedBefore("alice", 2_000, 90_000);

        assertThat(change.covers("alice", "t1", 1_999)).isTrue();
        assertThat(change.covers("alice", "t2", 2_000)).isFalse();
        assertThat(change.covers("bob", "t3", 1_000)).isFalse();
    }

    @Test
    void aRevokeCommand_travelsThroughTheCodecUnchanged() {
        GatewayCommand logout = GatewayCommand.revoke(Revocation.ofToken("alice", "t1", 5_000));
        GatewayCommand change = GatewayCommand.revoke(Revocation.issuedBefore("alice", 2_000, 90_000));

        List<GatewayCommand> read = BusCodec.readAll(BusCodec.write(List.of(logout, change)), GatewayCommand[].class);

        assertThat(read).containsExactly(logout, change);
        assertThat(read.get(0).kind()).isEqualTo(GatewayCommand.Kind.REVOKE);
        assertThat(read.get(0).recipients()).isEmpty();
    }
}
