package dev.imlab.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.server.support.RawSocket;
import dev.imlab.server.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The dashboard shows overload shedding: "accepting" while sends are taken, "shedding" (in red)
 * with the count of refused sends once the gateway refuses them. The server runs without a
 * transfer, so every send stays pending and two of them reach the high mark.
 */
class DashboardSheddingBrowserTest {
    private final Chromium chromium = new Chromium();

    @BeforeAll
    static void requireBrowser() {
        Chromium.requireInstalled();
    }

    @AfterEach
    void closeBrowsers() {
        chromium.close();
    }

    @Test
    void dashboard_showsShedding_andTheRefusedSends_whileTheGatewaySheds() {
        try (TestServer server = TestServer.start("imlab.roles=gateway,push,confirm",
                "imlab.gateway.shed.pending-high=2", "imlab.gateway.shed.pending-low=1",
                "imlab.gateway.shed.lag-high=0", "imlab.gateway.shed.lag-low=0")) {
            String alice = server.newUser("alice");
            String bob = server.newUser("bob");
            WebDriver dashboard = chromium.open(server.baseUri() + "/dashboard");
            ChatPage.await(dashboard).until(ExpectedConditions.textToBe(By.id("shedding"), "accepting"));
            assertThat(dashboard.findElement(By.id("shedding")).getAttribute("class")).doesNotContain("bad");

            try (RawSocket a = server.raw(alice, "phone")) {
                a.send(send("m1", bob)).send(send("m2", bob));
                ChatPage.await(dashboard).until(ExpectedConditions.textToBe(By.id("pendingSends"), "2"));
                a.send(send("m3", bob));
                ServerFrame.Error refused = (ServerFrame.Error) a.next(f -> f instanceof ServerFrame.Error);
                assertThat(refused.code()).isEqualTo(ErrorCode.UNAVAILABLE);

                ChatPage.await(dashboard).until(ExpectedConditions.textToBe(By.id("shedding"), "shedding"));
                ChatPage.await(dashboard).until(ExpectedConditions.textToBe(By.id("sheds"), "1"));
                assertThat(dashboard.findElement(By.id("shedding")).getAttribute("class")).contains("bad");
                new ChatPage(dashboard).screenshot("dashboard-shedding");
            }
        }
    }

    private static String send(String clientMsgId, String to) {
        return "{\"type\":\"send\",\"clientMsgId\":\"" + clientMsgId + "\",\"to\":\"" + to + "\",\"body\":\"x\"}";
    }
}
